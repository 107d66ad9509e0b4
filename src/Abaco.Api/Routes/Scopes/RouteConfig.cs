using Abaco.Api.Http;
using Abaco.Core.Sharing;
using Abaco.Stores;

namespace Abaco.Api.Routes.Scopes;

/// <summary>The config <c>{name}</c> of the caller's tenant, or the original's 404.</summary>
public sealed record RouteConfig(ActorConfigRecord Record)
{
    public static async ValueTask<RouteConfig?> BindAsync(HttpContext http) =>
        new(await RouteGroups.ResolveAsync(http, RouteGroups.ConfigParameter, async route =>
            await route.Get<IAbacoStores>().Configs.GetAsync(route.Caller.Tenant, route.Name, route.Ct)
            ?? throw ApiError.NotFound($"No config found: {route.Name}.")));
}
