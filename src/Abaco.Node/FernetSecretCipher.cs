using Abaco.Core.Security;
using Abaco.Core.Sharing;

namespace Abaco.Node;

/// <summary>Config secrets encrypted as the original does: Fernet tokens under <c>web.encryption_key</c>.</summary>
public sealed class FernetSecretCipher(Fernet fernet) : ISecretCipher
{
    public string Encrypt(string plaintext) => fernet.Encrypt(plaintext);

    public string Decrypt(string ciphertext) => fernet.Decrypt(ciphertext);
}
