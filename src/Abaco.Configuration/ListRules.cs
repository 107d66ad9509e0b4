using System.Collections.Immutable;
using Abaco.Core.Executions;
using Abaco.Core.Net;
using Abaco.Core.Settings;
using Akka.Actor;

namespace Abaco.Configuration;

/// <summary>The list keys of abaco.hocon: what each accepts and keeps, and the error each states.</summary>
internal static class ListRules
{
    public static readonly ListRule Roles = ListRule.Whole(RolesProblem,
        roles => roles.Select(role => role.ToLowerInvariant()).Distinct().ToImmutableArray());

    public static readonly ListRule SeedNodes = ListRule.Whole(SeedNodesProblem, seeds => seeds);

    public static readonly ListRule HostQueues = ListRule.Whole(
        queues => queues.IsEmpty || queues.Any(queue => queue.Length == 0)
            ? $"must list at least one queue name, such as [default], but was [{string.Join(", ", queues)}]"
            : null,
        Distinct);

    public static readonly ListRule AllQueues = ListRule.Whole(
        queues => queues.Any(queue => queue.Length == 0)
            ? $"must list queue names, such as [default, special], but was [{string.Join(", ", queues)}]"
            : null,
        Distinct);

    /// <summary>Bind mounts as the original writes them: <c>host_path:container_path:mode</c>, mode <c>ro</c> or <c>rw</c>.</summary>
    public static readonly ListRule Mounts = ListRule.EachItem(IsMount,
        "must list mounts as 'host_path:container_path:mode' with an absolute container path and mode ro or rw",
        mounts => mounts);

    /// <summary>Environment names, each optionally ending in * (a prefix).</summary>
    public static readonly ListRule ProtectedEnvNames = ListRule.EachItem(IsEnvNameOrPrefix,
        "must list environment variable names ([A-Za-z_][A-Za-z0-9_]*), a trailing * for a prefix",
        names => names.Where(name => name.Length > 0).Distinct(StringComparer.Ordinal).ToImmutableArray());

    /// <summary>CIDR ranges or single addresses.</summary>
    public static readonly ListRule WebhookDenyCidrs = ListRule.EachItem(cidr => AddressDenyList.TryParse(cidr, out _),
        "must list CIDR ranges such as 169.254.0.0/16 or fe80::/10",
        cidrs => [.. cidrs.Where(cidr => cidr.Length > 0)]);

    private static ImmutableArray<string> Distinct(ImmutableArray<string> items) =>
        items.Distinct(StringComparer.Ordinal).ToImmutableArray();

    private static string? RolesProblem(ImmutableArray<string> roles)
    {
        var allowed = $"must be a non-empty list of roles among {Wording.Alternatives(NodeRoles.All, "and")}";
        var unknown = roles.Where(role => !NodeRoles.All.Contains(role, StringComparer.OrdinalIgnoreCase)).ToList();
        if (roles.IsEmpty) return $"{allowed} but was empty";
        return unknown.Count > 0 ? $"{allowed} but contains {Wording.Alternatives(unknown, "and")}" : null;
    }

    private static string? SeedNodesProblem(ImmutableArray<string> seeds)
    {
        var bad = seeds.Where(seed => !Address.TryParse(seed, out _)).ToList();
        return bad.Count == 0
            ? null
            : $"must hold Akka addresses such as 'akka.tcp://abaco@10.0.0.5:4053' but holds {Wording.Alternatives(bad, "and")}";
    }

    private static bool IsMount(string mount)
    {
        var parts = mount.Split(':');
        return parts.Length == 3 && parts[0].Length > 0 && parts[1].StartsWith('/') && parts[2] is "ro" or "rw";
    }

    private static bool IsEnvNameOrPrefix(string item)
    {
        var name = item.EndsWith('*') ? item[..^1] : item;
        return name.Length == 0 || MessageEnvironment.IsValidName(name);
    }
}
