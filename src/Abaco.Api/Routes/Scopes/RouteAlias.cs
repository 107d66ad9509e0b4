using Abaco.Api.Http;
using Abaco.Core.Sharing;
using Abaco.Stores;

namespace Abaco.Api.Routes.Scopes;

/// <summary>The alias <c>{alias}</c> of the caller's tenant, or the original's 404.</summary>
public sealed record RouteAlias(AliasRecord Record)
{
    public static async ValueTask<RouteAlias?> BindAsync(HttpContext http) =>
        new(await RouteGroups.ResolveAsync(http, RouteGroups.AliasParameter, async route =>
            await route.Get<IAbacoStores>().Aliases.GetAsync(route.Caller.Tenant, route.Name, route.Ct)
            ?? throw ApiError.NotFound($"No alias found: {route.Name}.")));
}
