using System.Collections.Immutable;
using Abaco.Core.Settings;

namespace Abaco.Core.Actors;

/// <summary>
/// The bind mounts of an actor's containers (reference §3.16): <c>workers.global_mounts</c>, plus
/// <c>workers.privileged_mounts</c> for privileged actors, with <c>{username}</c> (the owner) and
/// <c>{tenant_id}</c> filled in. Computed when the actor is registered or updated and shown with it. Unlike the
/// original (quirk §5.9 #3) the mode is honoured: <c>ro</c> mounts are read-only.
/// </summary>
public static class ActorMounts
{
    public static ImmutableArray<MountSpec> For(ActorDefinition definition, string owner, string tenant,
        WorkerSettings workers)
    {
        var specs = definition.Privileged ? workers.GlobalMounts.AddRange(workers.PrivilegedMounts) : workers.GlobalMounts;
        var mounts = ImmutableArray.CreateBuilder<MountSpec>();
        foreach (var spec in specs)
        {
            var parts = spec.Split(':');
            if (parts.Length != 3) continue; // refused at start by the configuration check
            mounts.Add(new MountSpec(Fill(parts[0], owner, tenant), Fill(parts[1], owner, tenant), parts[2]));
        }
        return mounts.ToImmutable();
    }

    private static string Fill(string path, string owner, string tenant) =>
        path.Replace("{username}", owner, StringComparison.Ordinal).Replace("{tenant_id}", tenant, StringComparison.Ordinal);
}
