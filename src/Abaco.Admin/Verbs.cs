namespace Abaco.Admin;

/// <summary>
/// One verb of the console: the words that name it, the command host route it calls, its positional argument (sent
/// as the query parameter <see cref="Argument"/>, or in the path for <c>{arg}</c>), the options it takes and how its
/// answer is shown.
/// </summary>
internal sealed record Verb(string Words, string Method, string Route, string Help, string? Argument = null,
    string[]? Options = null, string[]? Switches = null, bool Streams = false, Render? Show = null)
{
    public string[] WordList { get; } = Words.Split(' ');
    public string[] OptionNames => Options ?? [];
    public string[] SwitchNames => Switches ?? [];

    public string Usage => string.Join(' ', new[] { Words, Argument?.ToUpperInvariant() }
        .Concat(OptionNames.Select(o => $"[--{o} {o.ToUpperInvariant()}]"))
        .Concat(SwitchNames.Select(s => $"[--{s}]")).Where(p => p is not null));
}

/// <summary>Every verb; pbm's cluster palette first, then Abaco's.</summary>
internal static class Verbs
{
    public static readonly IReadOnlyList<Verb> All =
    [
        new("cluster show", "GET", "cluster/show", "members, roles, status, reachability, leader, oldest per role",
            Show: Renderers.ClusterShow),
        new("cluster leader", "GET", "cluster/leader", "the leader, and the leader of each role", Show: Renderers.Leader),
        new("cluster leave", "POST", "cluster/leave", "make a member leave gracefully", "address", Show: Renderers.Done),
        new("cluster down", "POST", "cluster/down", "mark a member down", "address", Show: Renderers.Done),
        new("cluster down-unreachable", "POST", "cluster/down-unreachable", "mark every unreachable member down",
            Show: Renderers.Done),
        new("cluster join", "POST", "cluster/join", "make the connected node join the cluster at an address", "address",
            Show: Renderers.Done),
        new("cluster tail", "GET", "cluster/tail", "membership and reachability events as they happen", Streams: true,
            Show: Renderers.ClusterEvent),
        new("cluster sharding regions", "GET", "sharding/regions", "the actor entities' region (or proxy) on each node",
            Show: Renderers.Regions),
        new("cluster sharding region-stats", "GET", "sharding/region-stats", "shards and entities per region",
            Show: Renderers.Regions),
        new("cluster sharding shard-stats", "GET", "sharding/shard-stats", "entities per shard per node",
            Show: Renderers.Shards),
        new("cluster singletons", "GET", "singletons", "the cluster singletons and where they live", Show: Renderers.Singletons),
        new("nodes", "GET", "nodes", "per node: roles, host id, workers by status, containers, spawner slots",
            Show: Renderers.Nodes),
        new("actors", "GET", "actors", "the actor entities on each core node (or one)", Options: ["node"],
            Show: Renderers.Actors),
        new("actor inspect", "GET", "actors/{arg}", "an actor's entity: node, journal, queue, workers, last error", "id",
            Show: Renderers.Inspect),
        new("workers", "GET", "workers", "every worker record, and whether a spawner runs it", Show: Renderers.Workers),
        new("spawner drain", "POST", "spawner/drain", "no new workers on a node; running executions finish", "node",
            Show: Renderers.NodeDescription),
        new("spawner undrain", "POST", "spawner/undrain", "a drained node accepts workers again", "node",
            Show: Renderers.NodeDescription),
        new("reconcile", "POST", "reconcile", "remove containers and worker records no live worker owns",
            Switches: ["dry-run"], Show: Renderers.Reconcile),
        new("log peek", "GET", "log/peek", "the connected node's recent log lines", Options: ["level", "lines"],
            Show: Renderers.LogLines),
        new("log tail", "GET", "log/tail", "the connected node's log as it is written", Options: ["level"], Streams: true,
            Show: Renderers.LogLine),
    ];

    /// <summary>Short forms: pbm's <c>cluster sharding ...</c> and <c>cluster singletons</c> also without <c>cluster</c>.</summary>
    public static string[] Normalize(IReadOnlyList<string> words) =>
        words.Count > 0 && words[0] is "sharding" or "singletons" ? ["cluster", .. words] : [.. words];

    /// <summary>The verb whose words start <paramref name="words"/> (longest first), or null.</summary>
    public static Verb? Find(IReadOnlyList<string> words) =>
        All.Where(v => v.WordList.Length <= words.Count &&
                       v.WordList.Select((w, i) => w == words[i]).All(same => same))
            .MaxBy(v => v.WordList.Length);
}
