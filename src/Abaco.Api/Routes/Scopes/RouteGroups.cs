using Abaco.Api.Http;
using Abaco.Core.Settings;

namespace Abaco.Api.Routes.Scopes;

/// <summary>
/// The paths that name one object: an actor (by id or alias), an alias, a config; and the groups of the routes
/// below them. The object's own routes are mapped on its path, not as a group's empty route: a group would give
/// them the template <c>/actors/{actorId}/</c>, with a trailing slash. Handlers receive the object already resolved
/// through a parameter (<see cref="RouteActor"/>, <see cref="RouteActorDbId"/>, <see cref="RouteAlias"/>,
/// <see cref="RouteConfig"/>) that reads the route value named here. The parameter, not an endpoint filter,
/// resolves it: minimal APIs bind parameters before any filter runs, so a filter could only hand the handler a value
/// by overwriting a placeholder argument.
/// </summary>
public static class RouteGroups
{
    public const string ActorParameter = "actorId";
    public const string AliasParameter = "alias";
    public const string ConfigParameter = "name";

    /// <summary>An actor id, or an alias of the caller's tenant.</summary>
    public const string ActorPath = "/actors/{" + ActorParameter + "}";
    public const string AliasPath = "/actors/aliases/{" + AliasParameter + "}";
    public const string ConfigPath = "/actors/configs/{" + ConfigParameter + "}";

    /// <summary>The routes below <see cref="ActorPath"/>.</summary>
    public static RouteGroupBuilder MapActorGroup(this IEndpointRouteBuilder routes) => routes.MapGroup(ActorPath);

    /// <summary>The routes below <see cref="AliasPath"/>.</summary>
    public static RouteGroupBuilder MapAliasGroup(this IEndpointRouteBuilder routes) => routes.MapGroup(AliasPath);

    /// <summary>The routes below <see cref="ConfigPath"/>.</summary>
    public static RouteGroupBuilder MapConfigGroup(this IEndpointRouteBuilder routes) => routes.MapGroup(ConfigPath);

    /// <summary>
    /// Resolves the object named by the route value <paramref name="parameter"/> (the router matched it, so it is
    /// there) for the caller of the request; <paramref name="resolve"/> throws the route's refusal.
    /// </summary>
    internal static async ValueTask<T> ResolveAsync<T>(HttpContext http, string parameter,
        Func<ResolveContext, Task<T>> resolve)
    {
        var name = http.Request.RouteValues[parameter] as string
                   ?? throw new InvalidOperationException($"The route has no '{parameter}' value.");
        var caller = Caller.From(http, http.RequestServices.GetRequiredService<AbacoSettings>());
        return await resolve(new ResolveContext(name, caller, http.RequestServices, http.RequestAborted));
    }

    /// <summary>What a resolver is given: the name in the route, the caller, the services, the request's token.</summary>
    internal sealed record ResolveContext(string Name, Caller Caller, IServiceProvider Services, CancellationToken Ct)
    {
        public T Get<T>() where T : notnull => Services.GetRequiredService<T>();
    }
}
