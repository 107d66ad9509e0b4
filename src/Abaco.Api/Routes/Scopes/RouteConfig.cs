using Abaco.Api.Http;
using Abaco.Core.Sharing;
using Abaco.Stores;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Api.Routes.Scopes;

/// <summary>The config <c>{name}</c> of the caller's tenant, or the original's 404.</summary>
public sealed record RouteConfig(ActorConfigRecord Record)
{
    public static async ValueTask<RouteConfig?> BindAsync(HttpContext http)
    {
        var name = RouteGroups.RouteValue(http, RouteGroups.ConfigParameter);
        var caller = await Caller.BindAsync(http);
        var stores = http.RequestServices.GetRequiredService<IAbacoStores>();
        var record = await stores.Configs.GetAsync(caller!.Tenant, name, http.RequestAborted)
                     ?? throw ApiError.NotFound($"No config found: {name}.");
        return new RouteConfig(record);
    }
}
