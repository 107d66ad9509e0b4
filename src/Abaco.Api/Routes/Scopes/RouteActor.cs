using Abaco.Api.Http;
using Abaco.Core.Actors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Api.Routes.Scopes;

/// <summary>
/// The actor that <c>{actorId}</c> names in the caller's tenant, which must exist (else the lookup's 404). Bound as a
/// handler parameter, so a handler starts with the record in hand.
/// </summary>
public sealed record RouteActor(ActorRecord Record)
{
    public string DbId => Record.DbId;

    public static async ValueTask<RouteActor?> BindAsync(HttpContext http)
    {
        var identifier = RouteGroups.RouteValue(http, RouteGroups.ActorParameter);
        var caller = await Caller.BindAsync(http);
        var lookup = http.RequestServices.GetRequiredService<ActorLookup>();
        return new RouteActor(await lookup.GetAsync(caller!, identifier, http.RequestAborted));
    }
}
