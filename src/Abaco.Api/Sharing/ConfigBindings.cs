using Abaco.Core.Sharing;
using Abaco.Stores;

namespace Abaco.Api.Sharing;

/// <summary>
/// Keeps configs bound to actors that still exist under the names they were given: when an actor is deleted, or
/// an alias a config named, the config forgets it (both its target and the item of <c>actors</c>), so that nothing
/// created later under the same name inherits the config's secrets.
/// </summary>
public static class ConfigBindings
{
    /// <summary>Drops the actor from every config of its tenant.</summary>
    public static Task DropActorAsync(IAbacoStores stores, string tenant, string actorDbId, CancellationToken ct) =>
        DropAsync(stores, tenant, t => t.ActorDbId == actorDbId, ct);

    /// <summary>Drops the alias (the targets it named) from every config of its tenant.</summary>
    public static Task DropAliasAsync(IAbacoStores stores, string tenant, string alias, CancellationToken ct) =>
        DropAsync(stores, tenant, t => t.Identifier == alias, ct);

    private static async Task DropAsync(IAbacoStores stores, string tenant, Func<ConfigTarget, bool> gone,
        CancellationToken ct)
    {
        foreach (var config in await stores.Configs.ListAsync(tenant, ct))
        {
            var dropped = config.Targets.Where(gone).Select(t => t.Identifier).ToHashSet(StringComparer.Ordinal);
            if (dropped.Count == 0) continue;
            var kept = config.Targets.Where(t => !gone(t)).ToList();
            var items = config.Actors.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(item => !dropped.Contains(item) || kept.Any(t => t.Identifier == item));
            await stores.Configs.UpdateAsync(config with { Actors = string.Join(",", items), Targets = [.. kept] }, ct);
        }
    }
}
