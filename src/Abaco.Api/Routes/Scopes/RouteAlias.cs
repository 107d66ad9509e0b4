using Abaco.Api.Http;
using Abaco.Core.Sharing;
using Abaco.Stores;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Api.Routes.Scopes;

/// <summary>The alias <c>{alias}</c> of the caller's tenant, or the original's 404.</summary>
public sealed record RouteAlias(AliasRecord Record)
{
    public static async ValueTask<RouteAlias?> BindAsync(HttpContext http)
    {
        var alias = RouteGroups.RouteValue(http, RouteGroups.AliasParameter);
        var caller = await Caller.BindAsync(http);
        var stores = http.RequestServices.GetRequiredService<IAbacoStores>();
        var record = await stores.Aliases.GetAsync(caller!.Tenant, alias, http.RequestAborted)
                     ?? throw ApiError.NotFound($"No alias found: {alias}.");
        return new RouteAlias(record);
    }
}
