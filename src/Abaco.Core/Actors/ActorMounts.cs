using System.Collections.Immutable;
using Abaco.Core.Settings;

namespace Abaco.Core.Actors;

/// <summary>
/// The bind mounts of an actor's containers (original-abaco.md §3.16): <c>workers.global_mounts</c>, plus
/// <c>workers.privileged_mounts</c> for privileged actors, with <c>{username}</c> (the owner) and
/// <c>{tenant_id}</c> filled in. Computed when the actor is registered or updated and shown with it. Unlike the
/// original (original-abaco.md §5.9 quirk 3) the mode is honoured: <c>ro</c> mounts are read-only.
/// </summary>
public static class ActorMounts
{
    /// <remarks>
    /// The owner and tenant come from the caller (a JWT claim, a header): a mount whose template uses one that is not a
    /// plain path segment (empty, <c>.</c>/<c>..</c>, a '/', ':' or control character) is left out, so no caller
    /// can point a mount at another user's or the host's directories.
    /// </remarks>
    public static ImmutableArray<MountSpec> For(ActorDefinition definition, string owner, string tenant,
        WorkerSettings workers)
    {
        var specs = definition.Privileged ? workers.GlobalMounts.AddRange(workers.PrivilegedMounts) : workers.GlobalMounts;
        var mounts = ImmutableArray.CreateBuilder<MountSpec>();
        foreach (var spec in specs)
        {
            var parts = spec.Split(':');
            if (parts.Length != 3) continue; // refused at start by the configuration check
            if (!Fits(spec, "{username}", owner) || !Fits(spec, "{tenant_id}", tenant)) continue;
            mounts.Add(new MountSpec(Fill(parts[0], owner, tenant), Fill(parts[1], owner, tenant), parts[2]));
        }
        return mounts.ToImmutable();
    }

    /// <summary>
    /// Whether <paramref name="value"/> may replace a placeholder in a mount path: one path segment of letters, digits
    /// and <c>. _ - @ +</c>, not made of dots only.
    /// </summary>
    public static bool IsSafeSegment(string value) =>
        value.Length is > 0 and <= 255 && value.Any(c => c != '.') &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@' or '+');

    private static bool Fits(string spec, string token, string value) =>
        !spec.Contains(token, StringComparison.Ordinal) || IsSafeSegment(value);

    private static string Fill(string path, string owner, string tenant) =>
        path.Replace("{username}", owner, StringComparison.Ordinal).Replace("{tenant_id}", tenant, StringComparison.Ordinal);
}
