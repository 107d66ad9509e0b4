
namespace Abaco.Api.Routes.Scopes;

/// <summary>
/// The actor dbid that <c>{actorId}</c> names in the caller's tenant, for routes about what an actor leaves behind
/// (nonces, permissions), which answer whether or not the actor itself still exists. An unknown alias is a 404.
/// </summary>
public sealed record RouteActorDbId(string Value)
{
    public static async ValueTask<RouteActorDbId?> BindAsync(HttpContext http) =>
        new(await RouteGroups.ResolveAsync(http, RouteGroups.ActorParameter,
            route => route.Get<ActorLookup>().DbIdAsync(route.Caller.Tenant, route.Name, route.Ct)));
}
