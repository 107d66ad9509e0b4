namespace Abaco.Testing.Cluster;

/// <summary>Config lines that make a test cluster react fast enough for a spec to watch it.</summary>
public static class ClusterTuning
{
    /// <summary>
    /// The split-brain resolver decides after <paramref name="stableAfter"/> of a stable unreachable set (the default,
    /// 20 s, would make every node-loss spec slow). Through <c>abaco.node.split_brain_stable_after</c> when this
    /// build's abaco.hocon has the key, else through Akka's own setting.
    /// </summary>
    public static string DowningAfter(TimeSpan stableAfter)
    {
        var millis = (long)stableAfter.TotalMilliseconds;
        return HasKey("split_brain_stable_after")
            ? $"abaco.node.split_brain_stable_after = {millis}ms"
            : $"akka.cluster.split-brain-resolver.stable-after = {millis}ms";
    }

    /// <summary>
    /// One Fernet key for every node of a cluster (else each node makes its own in its data directory, and an actor
    /// secret encrypted by one node cannot be read by another).
    /// </summary>
    public static string SharedEncryptionKey() =>
        $"abaco.web.encryption_key = \"{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_')}\"";

    private static bool HasKey(string key) =>
        File.ReadAllText(Path.Combine(AbacoNode.RepoRoot, "abaco.hocon")).Contains(key + " =", StringComparison.Ordinal);
}
