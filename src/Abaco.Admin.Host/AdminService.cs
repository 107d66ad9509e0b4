using Abaco.Core.Settings;
using Abaco.Stores;
using Akka.Actor;
using Akka.Cluster;

namespace Abaco.Admin.Host;

/// <summary>
/// The one implementation of every admin verb, over this node's ActorSystem: the command host serves it to
/// <c>abaco-admin</c>, and the dashboard's cluster view can call the same methods. The cluster palette (membership,
/// sharding, singletons) is in this file and its <c>Sharding</c> part; Abaco's (nodes, actors, workers, drain,
/// reconcile) in its <c>Abaco</c> part.
/// </summary>
public sealed partial class AdminService(ActorSystem system, IActorRef entities, AbacoSettings settings,
    IAbacoStores stores, LogRing log)
{
    /// <summary>How long a verb waits for another node's agent or the sharding coordinator.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public LogRing Log { get; } = log;

    private Cluster Cluster => Cluster.Get(system);

    public ClusterView Show()
    {
        var state = Cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members.Concat(state.Unreachable.Where(u => !state.Members.Contains(u)))
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
            .Select(m => new MemberView(m.Address.ToString(), StatusName(m.Status), [.. m.Roles.Order()],
                !unreachable.Contains(m.Address), m.AppVersion.ToString(),
                m.Address == state.Leader, m.Address == Cluster.SelfAddress))
            .ToList();
        return new ClusterView(Cluster.SelfAddress.ToString(), state.Leader?.ToString(), RoleLeaders(state),
            OldestPerRole(state), members);
    }

    public LeaderView Leader()
    {
        var state = Cluster.State;
        return new LeaderView(state.Leader?.ToString(), RoleLeaders(state));
    }

    private static Dictionary<string, string?> RoleLeaders(ClusterEvent.CurrentClusterState state) =>
        state.AllRoles.Order().ToDictionary(r => r, r => state.RoleLeader(r)?.ToString());

    private static Dictionary<string, string> OldestPerRole(ClusterEvent.CurrentClusterState state) =>
        state.AllRoles.Order()
            .Select(role => (role, oldest: state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(role))
                .OrderBy(m => m, Akka.Cluster.Member.AgeOrdering).FirstOrDefault()))
            .Where(p => p.oldest is not null)
            .ToDictionary(p => p.role, p => p.oldest!.Address.ToString());

    internal static string StatusName(MemberStatus status) => status.ToString().ToLowerInvariant();

    public Done Leave(string node)
    {
        var member = MemberNamed(node);
        Cluster.Leave(member.Address);
        return new Done("leave", [member.Address.ToString()], $"{member.Address} asked to leave the cluster");
    }

    public Done Down(string node)
    {
        var member = MemberNamed(node);
        Cluster.Down(member.Address);
        return new Done("down", [member.Address.ToString()], $"{member.Address} marked down");
    }

    public Done DownUnreachable()
    {
        var unreachable = Cluster.State.Unreachable.Select(m => m.Address).ToList();
        foreach (var address in unreachable) Cluster.Down(address);
        return new Done("down-unreachable", [.. unreachable.Select(a => a.ToString())],
            unreachable.Count == 0 ? "no unreachable member" : $"{unreachable.Count} unreachable member(s) marked down");
    }

    public Done Join(string address)
    {
        var parsed = ParseAddress(address);
        Cluster.Join(parsed);
        return new Done("join", [parsed.ToString()], $"{Cluster.SelfAddress} joining {parsed}");
    }

    /// <summary>
    /// The member a node argument names: its full address (<c>akka.tcp://abaco@host:port</c>), <c>host:port</c> of
    /// its remoting, or its Abaco host id (asked of the agents, for the Abaco palette).
    /// </summary>
    internal Member MemberNamed(string node)
    {
        var state = Cluster.State;
        var all = state.Members.Concat(state.Unreachable).Distinct().ToList();
        var found = all.FirstOrDefault(m => Matches(m.Address, node));
        return found ?? throw AdminError.UnknownNode(
            $"No member {node} in the cluster (members: {string.Join(", ", all.Select(m => m.Address))}).");
    }

    internal static bool Matches(Address address, string node) =>
        string.Equals(address.ToString(), node.TrimEnd('/'), StringComparison.Ordinal) ||
        string.Equals($"{address.Host}:{address.Port}", node, StringComparison.Ordinal);

    private static Address ParseAddress(string address)
    {
        try
        {
            return Address.Parse(address);
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
        {
            throw AdminError.BadRequest($"'{address}' is not an Akka address such as akka.tcp://abaco@10.0.0.5:4053.");
        }
    }
}
