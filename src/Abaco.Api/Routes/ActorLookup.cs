using Abaco.Api.Http;
using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Stores;

namespace Abaco.Api.Routes;

/// <summary>
/// Resolves the <c>{actor_id}</c> of a route within the caller's tenant (reference §1.1): a Hashid is an actor
/// id; anything else would be an alias, and aliases do not exist yet in this build.
/// </summary>
public sealed class ActorLookup(IAbacoStores stores)
{
    public async Task<ActorRecord> GetAsync(Caller caller, string identifier, CancellationToken ct)
    {
        if (!AbacoIds.IsHashid(identifier))
            throw ApiError.NotFound($"Actor with identifier '{identifier}' not found");
        var key = new ActorKey(caller.Tenant, new ActorId(identifier));
        return await stores.Actors.GetAsync(key.DbId, ct)
               ?? throw ApiError.NotFound($"No actor found with identifier: {identifier}.");
    }
}
