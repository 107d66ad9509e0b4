using Abaco.Core.Actors;
using Abaco.Core.Ids;

namespace Abaco.Api.Routes.Scopes;

/// <summary>
/// The actor that <c>{actorId}</c> names in the caller's tenant, which must exist (else the lookup's 404). Bound as a
/// handler parameter, so a handler starts with the record in hand.
/// </summary>
public sealed record RouteActor(ActorRecord Record)
{
    public string DbId => Record.DbId;

    public ActorKey Key => Record.Key;

    public static async ValueTask<RouteActor?> BindAsync(HttpContext http) =>
        new(await RouteGroups.ResolveAsync(http, RouteGroups.ActorParameter,
            route => route.Get<ActorLookup>().GetAsync(route.Caller, route.Name, route.Ct)));
}
