using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Abaco.Core.Security;

/// <summary>A token that is not a Fernet token of this key (wrong key, tampered, truncated, expired).</summary>
public sealed class FernetException(string message) : Exception(message);

/// <summary>
/// Fernet symmetric encryption (https://github.com/fernet/spec, as Python's <c>cryptography.fernet</c> writes it),
/// so config secrets encrypted by the original decrypt here and the other way round. The key is url-safe base64
/// of 32 bytes: the first 16 sign (HMAC-SHA256), the last 16 encrypt (AES-128-CBC, PKCS7). A token is url-safe
/// base64 of <c>0x80 | timestamp (8 bytes, big-endian seconds) | IV (16) | ciphertext | HMAC (32)</c>.
/// </summary>
public sealed class Fernet
{
    private const byte Version = 0x80;
    private const int HeaderBytes = 1 + 8 + 16;
    private const int HmacBytes = 32;
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(60);

    private readonly byte[] _signingKey;
    private readonly byte[] _encryptionKey;
    private readonly TimeProvider _clock;

    /// <exception cref="ArgumentException">The key is not url-safe base64 of 32 bytes.</exception>
    public Fernet(string key, TimeProvider? clock = null)
    {
        var bytes = string.IsNullOrWhiteSpace(key) ? null : LenientBase64.Decode(key);
        if (bytes is not { Length: 32 })
            throw new ArgumentException("A Fernet key must be 32 url-safe base64-encoded bytes.", nameof(key));
        _signingKey = bytes[..16];
        _encryptionKey = bytes[16..];
        _clock = clock ?? TimeProvider.System;
    }

    public static string GenerateKey() => LenientBase64.EncodeUrlPadded(RandomNumberGenerator.GetBytes(32));

    public string Encrypt(string plaintext) => Encrypt(Encoding.UTF8.GetBytes(plaintext));

    public string Encrypt(ReadOnlySpan<byte> data) =>
        Encrypt(data, RandomNumberGenerator.GetBytes(16), _clock.GetUtcNow());

    /// <summary>With a given IV and time: for the specification's test vectors only.</summary>
    internal string Encrypt(ReadOnlySpan<byte> data, ReadOnlySpan<byte> iv, DateTimeOffset now)
    {
        using var aes = Aes.Create();
        aes.Key = _encryptionKey;
        var ciphertext = aes.EncryptCbc(data, iv, PaddingMode.PKCS7);
        var token = new byte[HeaderBytes + ciphertext.Length + HmacBytes];
        token[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(token.AsSpan(1, 8), (ulong)now.ToUnixTimeSeconds());
        iv.CopyTo(token.AsSpan(9, 16));
        ciphertext.CopyTo(token.AsSpan(HeaderBytes));
        HMACSHA256.HashData(_signingKey, token.AsSpan(0, HeaderBytes + ciphertext.Length),
            token.AsSpan(HeaderBytes + ciphertext.Length));
        return LenientBase64.EncodeUrlPadded(token);
    }

    /// <exception cref="FernetException">Not a token of this key.</exception>
    public string Decrypt(string token) => Encoding.UTF8.GetString(DecryptBytes(token, null));

    /// <summary>
    /// Like <c>cryptography</c>'s <c>decrypt(token, ttl)</c>: with a <paramref name="ttl"/>, tokens older than it, or
    /// stamped more than 60 seconds in the future, are refused.
    /// </summary>
    public byte[] DecryptBytes(string token, TimeSpan? ttl)
    {
        var data = LenientBase64.Decode(token ?? "");
        if (data is null || data.Length < HeaderBytes + 16 + HmacBytes || data[0] != Version ||
            (data.Length - HeaderBytes - HmacBytes) % 16 != 0)
            throw Invalid();
        var timestamp = (long)BinaryPrimitives.ReadUInt64BigEndian(data.AsSpan(1, 8));
        if (ttl is { } maxAge)
        {
            var now = _clock.GetUtcNow().ToUnixTimeSeconds();
            if (timestamp + (long)maxAge.TotalSeconds < now) throw Invalid();
            if (now + (long)MaxClockSkew.TotalSeconds < timestamp) throw Invalid();
        }
        var signed = data.AsSpan(0, data.Length - HmacBytes);
        var expected = HMACSHA256.HashData(_signingKey, signed);
        if (!CryptographicOperations.FixedTimeEquals(expected, data.AsSpan(data.Length - HmacBytes))) throw Invalid();
        using var aes = Aes.Create();
        aes.Key = _encryptionKey;
        try
        {
            return aes.DecryptCbc(data.AsSpan(HeaderBytes, data.Length - HeaderBytes - HmacBytes), data.AsSpan(9, 16),
                PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            throw Invalid();
        }
    }

    public bool TryDecrypt(string token, out string plaintext)
    {
        try
        {
            plaintext = Decrypt(token);
            return true;
        }
        catch (FernetException)
        {
            plaintext = "";
            return false;
        }
    }

    private static FernetException Invalid() => new("Invalid Fernet token.");
}
