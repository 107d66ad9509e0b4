using System.Numerics;
using Abaco.Core.Ids;

namespace Abaco.Core.Tests.Ids;

public sealed class AbacoIdsSpecs
{
    private const string DefaultAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890";

    [Fact(DisplayName = "A new id has 11 to 13 characters, all from the default Hashids alphabet")]
    public void New_ids_look_like_the_originals()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var id = AbacoIds.NewId();
            Assert.InRange(id.Length, 11, 13);
            Assert.All(id, c => Assert.Contains(c, DefaultAlphabet));
        }
    }

    [Fact(DisplayName = "New ids are unique over many calls")]
    public void New_ids_are_unique()
    {
        var ids = Enumerable.Range(0, 20_000).Select(_ => AbacoIds.NewId()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact(DisplayName = "Every new id is recognised by IsHashid")]
    public void New_ids_are_hashids()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var id = AbacoIds.NewId();
            Assert.True(AbacoIds.IsHashid(id), id);
        }
    }

    [Fact(DisplayName = "ExecutionId.New and WorkerId.New mint hashids")]
    public void Execution_and_worker_ids_are_hashids()
    {
        Assert.True(AbacoIds.IsHashid(ExecutionId.New().Value));
        Assert.True(AbacoIds.IsHashid(WorkerId.New().Value));
        Assert.NotEqual(ExecutionId.New(), ExecutionId.New());
    }

    [Fact(DisplayName = "A new id encodes one random number between 2^60 and 2^64, like the original's uuid1-based ids")]
    public void New_ids_encode_a_random_unsigned_64_bit_number()
    {
        var hashids = new Hashids(AbacoIds.Salt);
        var aboveTwo63 = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var value = Assert.Single(hashids.Decode(AbacoIds.NewId()));
            Assert.InRange(value, BigInteger.One << 60, (BigInteger.One << 64) - 1);
            if (value >= BigInteger.One << 63) aboveTwo63++;
        }

        // The top bit is random too (about half of the original's ids are at or above 2^63).
        Assert.InRange(aboveTwo63, 350, 650);
    }

    // Expected ids computed with the python `hashids` algorithm and salt eJa5wZlEX4eWU, i.e. what the original's
    // AbacoDAO.get_uuid returns for uuid1().int >> 64 == value (HashidsNet 1.7.0 agrees below 2^63).
    [Theory(DisplayName = "Ids encode unsigned 64-bit values exactly as the original does")]
    [InlineData(1UL, "Rr")]
    [InlineData(12345UL, "R4Xo")]
    [InlineData(4503599627370496UL, "wKl66e6zx61")]
    [InlineData(1152921504606846976UL, "DlzypRjPkkWV")]
    [InlineData(2221851507349656043UL, "vxweVD0YywkrB")]
    [InlineData(1367960505217061361UL, "0G5zJYreNb0DG")]
    [InlineData((ulong)long.MaxValue, "WPMx0pLjvKrLP")]
    [InlineData((ulong)long.MaxValue + 1, "wK0mvzJx1RkJO")]
    [InlineData(0x9f1c2b4d2a7e11ecUL, "kZoKkKPP84kvl")]
    [InlineData(0xffffffffffff1fffUL, "ygwO80z78NBPj")]
    [InlineData(ulong.MaxValue, "xyWxv5zqvkZ6y")]
    public void Encoding_matches_the_original(ulong value, string expected)
    {
        var hashids = new Hashids(AbacoIds.Salt);

        Assert.Equal(expected, hashids.Encode(value));
        Assert.Equal([new BigInteger(value)], hashids.Decode(expected));
    }

    [Theory(DisplayName = "Ids minted by the original are recognised by IsHashid")]
    [InlineData("AKeo3XGAGyRr")]   // the example id of original-abaco.md §2.1 (54894915104870890)
    [InlineData("DlzypRjPkkWV")]   // 2^60
    [InlineData("vxweVD0YywkrB")]  // a uuid1 whose top bit is clear
    [InlineData("WPMx0pLjvKrLP")]  // 2^63 - 1
    // uuid1().int >> 64 is >= 2^63 whenever time_low's top bit is set, i.e. for about half of the original's ids.
    [InlineData("wK0mvzJx1RkJO")]  // 2^63
    [InlineData("kZoKkKPP84kvl")]  // 0x9f1c2b4d2a7e11ec
    [InlineData("ygwO80z78NBPj")]  // 0xffffffffffff1fff
    [InlineData("xyWxv5zqvkZ6y")]  // 2^64 - 1
    public void Original_ids_are_hashids(string id)
    {
        Assert.True(AbacoIds.IsHashid(id));
    }

    [Theory(DisplayName = "Aliases and other strings the original does not decode are not hashids")]
    [InlineData("my-alias")]
    [InlineData("foo.bar")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("with space")]
    [InlineData("under_score")]
    [InlineData("héllo")]
    [InlineData("AKeo3XGAGyR!")]
    [InlineData("BKeo3XGAGyRr")]   // an original id with a wrong lottery character
    [InlineData("wK0mvzJx1RkJ0")]  // ... with its last character changed
    [InlineData("AKeo3XGAGyR")]    // ... truncated
    // made of the alphabet, but python hashids decodes them to () as well
    [InlineData("hello")]
    [InlineData("myalias")]
    [InlineData("actor1")]
    [InlineData("abc")]
    [InlineData("Foo")]
    [InlineData("a")]
    [InlineData("NNNN")]
    public void Aliases_are_not_hashids(string? candidate)
    {
        Assert.False(AbacoIds.IsHashid(candidate));
    }
}
