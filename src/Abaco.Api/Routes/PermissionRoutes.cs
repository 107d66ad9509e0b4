using Abaco.Api.Http;
using Abaco.Api.Routes.Scopes;
using Abaco.Api.Sharing;
using Abaco.Core.Permissions;

namespace Abaco.Api.Routes;

/// <summary>
/// The permission documents of actors, aliases and configs (original-abaco.md §1.7, §1.2 #25-#26, #34, #40; the original's
/// <c>PermissionsResource</c>). GET answers the raw <c>{user: LEVEL}</c> map; POST grants or replaces one user's
/// level and answers the whole map. There is no DELETE: set NONE instead.
/// </summary>
public static class PermissionRoutes
{
    public static void MapPermissionRoutes(this IEndpointRouteBuilder routes)
    {
        var actorPaths = routes.MapActorGroup();
        actorPaths.MapGet("/permissions", (RouteActorDbId actor, PermissionDocuments documents, CancellationToken ct) =>
            documents.ShowAsync(PermissionScope.Actor, actor.Value, "Actor", ct));
        actorPaths.MapPost("/permissions", (RouteActor actor, HttpRequest request, PermissionDocuments documents,
            CancellationToken ct) => documents.GrantAsync(request, PermissionScope.Actor, actor.DbId, "Actor", ct));

        // The original looked alias documents up with its actor lookup, hence "Actor". Showing one needs no alias
        // record (the access control found its document).
        var aliasPaths = routes.MapAliasGroup();
        aliasPaths.MapGet("/permissions", (string alias, Caller caller, PermissionDocuments documents,
            CancellationToken ct) => documents.ShowAsync(PermissionScope.Alias, $"{caller.Tenant}_{alias}", "Actor", ct));
        aliasPaths.MapPost("/permissions", (RouteAlias alias, HttpRequest request, PermissionDocuments documents,
            CancellationToken ct) => documents.GrantAsync(request, PermissionScope.Alias, alias.Record.AliasId, "Actor", ct));

        // The original granted the level to the caller instead of to `user` on configs (a slip in its
        // PermissionsResource); here `user` gets it, as for actors and aliases.
        var configPaths = routes.MapConfigGroup();
        configPaths.MapGet("/permissions", (string name, Caller caller, PermissionDocuments documents,
            CancellationToken ct) => documents.ShowAsync(PermissionScope.Config, $"{caller.Tenant}_{name}", "Config", ct));
        configPaths.MapPost("/permissions", (RouteConfig config, HttpRequest request, PermissionDocuments documents,
            CancellationToken ct) => documents.GrantAsync(request, PermissionScope.Config, config.Record.ConfigId, "Config", ct));
    }
}
