using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Abaco.Core.Ids;

/// <summary>
/// Abaco's identifiers are Hashids with the original's salt, so that ids minted by either system are
/// told apart from aliases the same way (original-abaco.md §2.1).
/// </summary>
public static class AbacoIds
{
    public const string Salt = "eJa5wZlEX4eWU";

    private static readonly Hashids Hashids = new(Salt);

    /// <summary>
    /// A new id. The original encodes the top 64 bits of a uuid1 (<c>uuid1().int &gt;&gt; 64</c>); a random unsigned
    /// 64-bit number gives ids of the same alphabet and length, and cannot collide across nodes.
    /// </summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        // Keep ids as long as the original's: values of at least 2^60 give 12 or 13 characters (values below
        // 44^9, about 2^49, would give 10 or fewer).
        value |= 1UL << 60;
        return Hashids.Encode(value);
    }

    /// <summary>True when <paramref name="candidate"/> decodes as one of our ids (the original's <c>is_hashid</c>).</summary>
    public static bool IsHashid(string? candidate) => Hashids.Decode(candidate).Length > 0;
}
