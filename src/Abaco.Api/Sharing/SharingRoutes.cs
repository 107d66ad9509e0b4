using Abaco.Api.Routes;
using Abaco.Api.Views;

namespace Abaco.Api.Sharing;

/// <summary>
/// Sharing an actor: aliases, nonces, permissions and configs (original-abaco.md §1.5, §1.7-§1.9). The routes expect the
/// API's common services (<c>AbacoSettings</c>, <c>Envelope</c>, <c>ViewCase</c>, <c>ActorLookup</c>,
/// <c>IAbacoStores</c>, <c>TimeProvider</c>) and an <c>ISecretCipher</c> to be registered by the host.
/// </summary>
public static class SharingRoutes
{
    public static IServiceCollection AddSharingRoutes(this IServiceCollection services) =>
        services.AddSingleton<SharingViews>().AddSingleton<PermissionDocuments>();

    public static void MapSharingRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapAliasRoutes();
        routes.MapNonceRoutes();
        routes.MapPermissionRoutes();
        routes.MapConfigRoutes();
    }
}
