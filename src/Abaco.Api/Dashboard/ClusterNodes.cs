using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster;

namespace Abaco.Api.Dashboard;

/// <summary>
/// The cluster as the node that answers sees it: every member with its roles, status and whether this node can reach
/// it (the same facts <c>abaco-admin cluster show</c> prints), from the ActorSystem the node runs.
/// </summary>
public sealed class ClusterNodes(ActorSystem system)
{
    public JsonArray Describe()
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members.Concat(state.Unreachable.Where(u => !state.Members.Contains(u)))
            .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal);
        return new JsonArray(members.Select(m => (JsonNode?)new JsonObject
        {
            ["address"] = m.Address.ToString(),
            ["status"] = m.Status.ToString().ToLowerInvariant(),
            ["roles"] = new JsonArray(m.Roles.Order(StringComparer.Ordinal).Select(r => (JsonNode?)r).ToArray()),
            ["reachable"] = !unreachable.Contains(m.Address),
            ["leader"] = m.Address == state.Leader,
            ["self"] = m.Address == cluster.SelfAddress,
        }).ToArray());
    }
}
