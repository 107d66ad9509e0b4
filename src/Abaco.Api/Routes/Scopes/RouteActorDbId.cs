using Abaco.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Api.Routes.Scopes;

/// <summary>
/// The actor dbid that <c>{actorId}</c> names in the caller's tenant, for routes about what an actor leaves behind
/// (nonces, permissions), which answer whether or not the actor itself still exists. An unknown alias is a 404.
/// </summary>
public sealed record RouteActorDbId(string Value)
{
    public static async ValueTask<RouteActorDbId?> BindAsync(HttpContext http)
    {
        var identifier = RouteGroups.RouteValue(http, RouteGroups.ActorParameter);
        var caller = await Caller.BindAsync(http);
        var lookup = http.RequestServices.GetRequiredService<ActorLookup>();
        return new RouteActorDbId(await lookup.DbIdAsync(caller!.Tenant, identifier, http.RequestAborted));
    }
}
