namespace Abaco.Core.Sharing;

/// <summary>Encrypts config secrets at rest (Fernet with <c>web.encryption_key</c>, as the original).</summary>
public interface ISecretCipher
{
    string Encrypt(string plaintext);

    /// <summary>Throws when the ciphertext was not made with this key or was altered.</summary>
    string Decrypt(string ciphertext);
}
