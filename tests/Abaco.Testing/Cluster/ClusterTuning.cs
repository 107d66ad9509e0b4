namespace Abaco.Testing.Cluster;

/// <summary>Config lines that make a test cluster react fast enough for a spec to watch it.</summary>
public static class ClusterTuning
{
    /// <summary>
    /// The split-brain resolver decides after <paramref name="stableAfter"/> of a stable unreachable set (the default,
    /// 20 s, would make every node-loss spec slow).
    /// </summary>
    public static string DowningAfter(TimeSpan stableAfter) =>
        $"abaco.node.split_brain_stable_after = {(long)stableAfter.TotalMilliseconds}ms";

    /// <summary>
    /// One Fernet key for every node of a cluster (else each node makes its own in its data directory, and an actor
    /// secret encrypted by one node cannot be read by another).
    /// </summary>
    public static string SharedEncryptionKey() =>
        $"abaco.web.encryption_key = \"{Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_')}\"";
}
