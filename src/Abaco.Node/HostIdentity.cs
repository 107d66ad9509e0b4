using System.Security.Cryptography;
using Abaco.Core.Settings;

namespace Abaco.Node;

/// <summary>
/// This node's spawner host id, which labels its containers and worker records and decides what its start-up clean-up
/// may remove. An explicit <c>abaco.spawner.host_id</c> wins; else the id kept in <c>{node.data_dir}/host-id</c>,
/// written there on first start as <c>{hostname}-{8 random hex}</c>: stable across restarts, and unique even for
/// several nodes of one machine (each has its own data directory).
/// </summary>
public static class HostIdentity
{
    public const string FileName = "host-id";

    /// <summary>The settings with <see cref="SpawnerSettings.HostId"/> resolved, so nothing downstream sees "".</summary>
    public static AbacoSettings Resolve(AbacoSettings settings) =>
        settings.Spawner.HostId.Length > 0
            ? settings
            : settings with { Spawner = settings.Spawner with { HostId = ReadOrCreate(settings.Node.DataDir) } };

    public static string ReadOrCreate(string dataDir)
    {
        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } kept) return kept;
        Directory.CreateDirectory(dataDir);
        var id = $"{Environment.MachineName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        // Written beside and renamed into place: a crash never leaves a half-written id.
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, id + "\n");
        File.Move(temporary, path, overwrite: true);
        return id;
    }
}
