using Abaco.Api.Http;
using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Stores;

namespace Abaco.Api.Routes;

/// <summary>
/// Resolves the <c>{actor_id}</c> of a route within the caller's tenant (original-abaco.md §1.1): a Hashid is an actor
/// id; anything else is an alias of the tenant, followed to its actor.
/// </summary>
public sealed class ActorLookup(IAbacoStores stores)
{
    public async Task<ActorRecord> GetAsync(Caller caller, string identifier, CancellationToken ct)
    {
        var dbId = await DbIdAsync(caller.Tenant, identifier, ct);
        return await stores.Actors.GetAsync(dbId, ct)
               ?? throw ApiError.NotFound($"No actor found with identifier: {identifier}.");
    }

    /// <summary>The actor dbid an identifier names (the actor itself may no longer exist).</summary>
    public async Task<string> DbIdAsync(string tenant, string identifier, CancellationToken ct)
    {
        if (ActorIdentifiers.IsHashid(identifier)) return new ActorKey(tenant, new ActorId(identifier)).DbId;
        var alias = await stores.Aliases.GetAsync(tenant, identifier, ct);
        return alias?.ActorDbId ?? throw ApiError.NotFound($"Actor with identifier '{identifier}' not found");
    }
}
