using System.Security.Cryptography;
using Abaco.Core.Settings;

namespace Abaco.Node;

/// <summary>
/// The Fernet key for config secrets: <c>web.encryption_key</c> when set, else one generated on first start and kept
/// in <c>{node.data_dir}/encryption.key</c> (readable by its owner only), so the embedded profile works unattended
/// while secrets still never sit in the database in clear.
/// </summary>
public static class EncryptionKeyFile
{
    public const string FileName = "encryption.key";

    /// <summary>The key, or throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static string Resolve(AbacoSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.Web.EncryptionKey))
            return Checked(settings.Web.EncryptionKey.Trim(), "abaco.web.encryption_key");

        var path = Path.GetFullPath(Path.Combine(settings.Node.DataDir, FileName));
        if (File.Exists(path)) return Checked(File.ReadAllText(path).Trim(), path);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_');
        File.WriteAllText(path, key + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return key;
    }

    private static string Checked(string key, string source)
    {
        try
        {
            if (Convert.FromBase64String(key.Replace('-', '+').Replace('_', '/')).Length == 32) return key;
        }
        catch (FormatException)
        {
        }
        throw new ArgumentException(
            $"{source} must be a Fernet key: url-safe base64 of 32 bytes (e.g. python3 -c \"import base64,os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())\").");
    }
}
