using Abaco.Core.Security;

namespace Abaco.Core.Tests.Security;

/// <summary>Fernet as specified (github.com/fernet/spec), so secrets are compatible with the original's.</summary>
public sealed class FernetSpecs
{
    // generate.json / verify.json of the Fernet specification.
    private const string SpecSecret = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    private const string SpecToken =
        "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
    private static readonly DateTimeOffset SpecNow = DateTimeOffset.Parse("1985-10-26T01:20:00-07:00");
    private static readonly byte[] SpecIv = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();

    [Fact(DisplayName = "generate.json: 'hello' with the spec's IV and time gives the spec's token")]
    public void Generate() =>
        Assert.Equal(SpecToken, new Fernet(SpecSecret).Encrypt("hello"u8, SpecIv, SpecNow));

    [Fact(DisplayName = "verify.json: the spec's token decrypts to 'hello' (also within a 60 s ttl)")]
    public void Verify()
    {
        Assert.Equal("hello", new Fernet(SpecSecret).Decrypt(SpecToken));
        var clock = new FixedClock(SpecNow.AddSeconds(1));
        Assert.Equal("hello"u8.ToArray(), new Fernet(SpecSecret, clock).DecryptBytes(SpecToken, TimeSpan.FromSeconds(60)));
    }

    [Fact(DisplayName = "A token older than the ttl, or too far in the future, is refused")]
    public void Ttl()
    {
        Assert.Throws<FernetException>(() =>
            new Fernet(SpecSecret, new FixedClock(SpecNow.AddSeconds(61))).DecryptBytes(SpecToken, TimeSpan.FromSeconds(60)));
        Assert.Throws<FernetException>(() =>
            new Fernet(SpecSecret, new FixedClock(SpecNow.AddSeconds(-61))).DecryptBytes(SpecToken, TimeSpan.FromSeconds(60)));
    }

    [Fact(DisplayName = "Encrypt then decrypt gives the text back, with a fresh IV each time")]
    public void RoundTrip()
    {
        var fernet = new Fernet(Fernet.GenerateKey());
        var secret = "pässwörd – with unicode and a long tail " + new string('x', 1000);

        var a = fernet.Encrypt(secret);
        var b = fernet.Encrypt(secret);

        Assert.NotEqual(a, b);
        Assert.Equal(secret, fernet.Decrypt(a));
        Assert.Equal(secret, fernet.Decrypt(b));
        Assert.Equal("", fernet.Decrypt(fernet.Encrypt("")));
    }

    [Fact(DisplayName = "A token with any byte changed is refused")]
    public void Tamper()
    {
        var fernet = new Fernet(SpecSecret);
        var bytes = LenientBase64.Decode(SpecToken)!;
        for (var i = 0; i < bytes.Length; i++)
        {
            var copy = (byte[])bytes.Clone();
            copy[i] ^= 0x01;
            Assert.False(fernet.TryDecrypt(LenientBase64.EncodeUrlPadded(copy), out _), $"byte {i}");
        }
    }

    [Theory(DisplayName = "Garbage and truncated tokens are refused")]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ")]
    public void Garbage(string token) => Assert.Throws<FernetException>(() => new Fernet(SpecSecret).Decrypt(token));

    [Fact(DisplayName = "Another key cannot decrypt")]
    public void OtherKey() => Assert.Throws<FernetException>(() => new Fernet(Fernet.GenerateKey()).Decrypt(SpecToken));

    [Theory(DisplayName = "Keys must be 32 url-safe base64 bytes")]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    public void BadKeys(string key) => Assert.Throws<ArgumentException>(() => new Fernet(key));

    [Fact(DisplayName = "A generated key is url-safe base64 of 32 bytes")]
    public void GeneratedKey()
    {
        var key = Fernet.GenerateKey();

        Assert.Equal(44, key.Length);
        Assert.DoesNotContain('+', key);
        Assert.DoesNotContain('/', key);
    }
}
