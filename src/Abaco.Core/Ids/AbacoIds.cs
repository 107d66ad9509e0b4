using System.Security.Cryptography;
using HashidsNet;

namespace Abaco.Core.Ids;

/// <summary>
/// Abaco's identifiers are Hashids with the original's salt, so that ids minted by either system are
/// told apart from aliases the same way (reference §2.1).
/// </summary>
public static class AbacoIds
{
    public const string Salt = "eJa5wZlEX4eWU";

    private static readonly Hashids Hashids = new(Salt);

    /// <summary>
    /// A new id. The original encodes the top 64 bits of a uuid1; any non-negative 63-bit number gives ids of
    /// the same alphabet and length (11-13 characters), and a random one cannot collide across nodes.
    /// </summary>
    public static string NewId()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var value = BitConverter.ToInt64(bytes) & long.MaxValue;
        // Keep ids long enough to look like the original's (values below 2^52 give shorter ids).
        value |= 1L << 60;
        return Hashids.EncodeLong(value);
    }

    /// <summary>True when <paramref name="candidate"/> decodes as one of our ids (the original's <c>is_hashid</c>).</summary>
    public static bool IsHashid(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate)) return false;
        try
        {
            return Hashids.DecodeLong(candidate).Length > 0;
        }
        catch (Exception e) when (e is ArgumentException or OverflowException or IndexOutOfRangeException)
        {
            return false;
        }
    }
}
