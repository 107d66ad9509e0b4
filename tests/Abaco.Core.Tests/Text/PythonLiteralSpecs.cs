using Abaco.Core.Text;

namespace Abaco.Core.Tests.Text;

/// <summary>Expected values are what CPython 3.11 prints for <c>repr(json.loads(input))</c> / <c>str(...)</c>.</summary>
public sealed class PythonLiteralSpecs
{
    [Theory(DisplayName = "Repr renders containers and constants as Python does")]
    [InlineData("""{"a": 1}""", """{'a': 1}""")]
    [InlineData("""{"a": 1, "b": "two", "c": [1, 2.5, null], "d": {"e": true, "f": false}}""",
        """{'a': 1, 'b': 'two', 'c': [1, 2.5, None], 'd': {'e': True, 'f': False}}""")]
    [InlineData("[]", "[]")]
    [InlineData("{}", "{}")]
    [InlineData("""[[1, [2, [3]]], {"k": []}]""", """[[1, [2, [3]]], {'k': []}]""")]
    [InlineData("""  { "spaced" :[ 1 ,2 ] }  """, """{'spaced': [1, 2]}""")]
    [InlineData("null", "None")]
    [InlineData("true", "True")]
    [InlineData("false", "False")]
    public void Containers_and_constants(string json, string expected)
    {
        Assert.Equal(expected, PythonLiteral.Repr(Samples.Json(json)));
    }

    [Theory(DisplayName = "Repr quotes and escapes strings as Python's str.__repr__ does")]
    [InlineData("\"plain\"", "'plain'")]
    [InlineData("\"\"", "''")]
    [InlineData("""  "it's"  """, """ "it's" """)]
    [InlineData("""  "say \"hi\""  """, """ 'say "hi"' """)]
    [InlineData("""  "it's \"both\""  """, """ 'it\'s "both"' """)]
    [InlineData("""  "'"  """, """ "'" """)]
    [InlineData("""  "\""  """, """ '"' """)]
    [InlineData("""  "back\\slash"  """, """ 'back\\slash' """)]
    [InlineData("""  "a\nb\tc\rd\u0007e"  """, """ 'a\nb\tc\rd\x07e' """)]
    [InlineData("""  "\u0000\u001f"  """, """ '\x00\x1f' """)]
    [InlineData("""  "h\u00e9llo \u2713 \ud83d\ude00"  """, " 'héllo ✓ 😀' ")]
    [InlineData("""  "\u00a1\u00ff\u0100\u4e2d"  """, " '¡ÿĀ中' ")]
    [InlineData("""  "\u007f\u0085\u009f"  """, """ '\x7f\x85\x9f' """)]
    [InlineData("""  {"key with 'quote'": "v"}  """, """ {"key with 'quote'": 'v'} """)]
    public void Strings(string json, string expected)
    {
        Assert.Equal(expected.Trim(), PythonLiteral.Repr(Samples.Json(json)));
    }

    [Theory(DisplayName = "Repr escapes the characters Python deems unprintable (separators, format, private use, unassigned)")]
    [InlineData("""  "\u00a0\u00ad"  """, """ '\xa0\xad' """)]                      // no-break space (Zs), soft hyphen (Cf)
    [InlineData("""  "\u200b\u2028\u2029\u3000\ufeff"  """, """ '\u200b\u2028\u2029\u3000\ufeff' """)]
    [InlineData("""  "\ue000\u0378"  """, """ '\ue000\u0378' """)]                  // private use (Co), unassigned (Cn)
    [InlineData("""  "\udb80\udc00\udb40\udc01"  """, """ '\U000f0000\U000e0001' """)] // astral private use, tag (Cf)
    [InlineData("""  "a b"  """, """ 'a b' """)]                                       // ASCII space stays
    public void Unprintable_characters(string json, string expected)
    {
        Assert.Equal(expected.Trim(), PythonLiteral.Repr(Samples.Json(json)));
    }

    [Theory(DisplayName = "Repr renders JSON numbers as Python ints and floats")]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("123456789012345678", "123456789012345678")]
    [InlineData("12345678901234567890123", "12345678901234567890123")]
    [InlineData("1.0", "1.0")]
    [InlineData("0.1", "0.1")]
    [InlineData("2.5", "2.5")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("4.35", "4.35")]
    [InlineData("3.14159", "3.14159")]
    [InlineData("100.0", "100.0")]
    [InlineData("1.0e+2", "100.0")]
    [InlineData("1E5", "100000.0")]
    [InlineData("1e15", "1000000000000000.0")]
    [InlineData("1e16", "1e+16")]
    [InlineData("1e22", "1e+22")]
    [InlineData("9007199254740993.0", "9007199254740992.0")]
    [InlineData("123456789.123", "123456789.123")]
    [InlineData("0.30000000000000004", "0.30000000000000004")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.000123", "0.000123")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("1e-5", "1e-05")]
    [InlineData("1.5e-07", "1.5e-07")]
    [InlineData("-2.5e-10", "-2.5e-10")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("0.0", "0.0")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1e400", "inf")]
    public void Numbers(string json, string expected)
    {
        Assert.Equal(expected, PythonLiteral.Repr(Samples.Json(json)));
    }

    [Theory(DisplayName = "FloatRepr gives Python's repr(float) for arbitrary doubles")]
    [InlineData(0x6A06E9AB85A0BCC1UL, "5.612350177107035e+202")]
    [InlineData(0x4DAD2986CE834960UL, "1.5355697530503638e+66")]
    [InlineData(0x2CB85F3F4A24E39AUL, "2.9210136204825604e-93")]
    [InlineData(0xB48438B5C41F9DFDUL, "-1.0308718581606456e-55")]
    [InlineData(0x8A4996EFB447C0CEUL, "-4.160803020977301e-259")]
    [InlineData(0x473D212BA950666DUL, "1.5124938762558304e+35")]
    [InlineData(0x3FB81D2706E55426UL, "0.09419483106951584")]
    [InlineData(0xD0B0090D62590992UL, "-4.753325801517404e+80")]
    [InlineData(0xA3F96F0E51436D1FUL, "-2.1870233525128276e-135")]
    [InlineData(0xB969EC07F1F83A79UL, "-3.9939159012341567e-32")]
    [InlineData(0x8D1A6BFFFF9A3914UL, "-1.5115662276882396e-245")]
    [InlineData(0xCAA7E9BFD00724A1UL, "-4.473473289258468e+51")]
    [InlineData(0x3F838FEF72654E58UL, "0.009551878622608687")]
    [InlineData(0xC114A01F5C3744A6UL, "-337927.8400545813")]
    [InlineData(0x42A676EF79B64D00UL, "12350039841574.5")]
    [InlineData(0x3E94C001E9F9D20FUL, "3.091995299583252e-07")]
    [InlineData(0x40CC789138D00100UL, "14577.134546280373")]
    [InlineData(0x4268FE1053591707UL, "858733583048.7196")]
    [InlineData(0x4349278C15B75230UL, "1.4160714062013536e+16")]
    [InlineData(0xC1064BDF29227BC8UL, "-182651.89508530335")]
    [InlineData(0x40494DB2673FF5C4UL, "50.60700693724678")]
    [InlineData(0x3E63FB6124827588UL, "3.721928415574348e-08")]
    [InlineData(0x3F1A36E2EB1C432DUL, "0.0001")]
    [InlineData(0x3F1A36E2EB1C432CUL, "9.999999999999999e-05")]
    [InlineData(0x4341C37937E07FFFUL, "9999999999999998.0")]
    [InlineData(0x4341C37937E08000UL, "1e+16")]
    [InlineData(0x3FE0000000000000UL, "0.5")]
    [InlineData(0x4340000000000000UL, "9007199254740992.0")]
    [InlineData(0x43E0000000000000UL, "9.223372036854776e+18")]
    [InlineData(0x3FD5555555555555UL, "0.3333333333333333")]
    [InlineData(0x3FE5555555555555UL, "0.6666666666666666")]
    [InlineData(0x54B249AD2594C37DUL, "1e+100")]
    [InlineData(0x0000143FCC95C9FCUL, "1.1e-310")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000000UL, "-0.0")]
    [InlineData(0x0000000000000000UL, "0.0")]
    public void Float_repr(ulong bits, string expected)
    {
        Assert.Equal(expected, PythonLiteral.FloatRepr(BitConverter.UInt64BitsToDouble(bits)));
    }

    [Theory(DisplayName = "FloatRepr spells the non-finite values as Python does")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void Non_finite(double value, string expected)
    {
        Assert.Equal(expected, PythonLiteral.FloatRepr(value));
    }

    [Theory(DisplayName = "Str returns a top-level string unquoted and everything else as repr")]
    [InlineData("\"plain\"", "plain")]
    [InlineData("""  "it's \"both\""  """, """it's "both" """)]
    [InlineData("""  "a\nb"  """, "a\nb")]
    [InlineData("\"\"", "")]
    [InlineData("1.5", "1.5")]
    [InlineData("7", "7")]
    [InlineData("true", "True")]
    [InlineData("null", "None")]
    [InlineData("""{"a": "b"}""", "{'a': 'b'}")]
    [InlineData("""["x", 1]""", "['x', 1]")]
    public void Str(string json, string expected)
    {
        Assert.Equal(expected.TrimEnd(' '), PythonLiteral.Str(Samples.Json(json)));
    }

    [Theory(DisplayName = "ReprString quotes a .NET string as Python's repr")]
    [InlineData("abc", "'abc'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("tab\there", "'tab\\there'")]
    public void Repr_string(string text, string expected)
    {
        Assert.Equal(expected, PythonLiteral.ReprString(text));
    }
}
