using System.Text.RegularExpressions;

namespace Abaco.EndToEnd.Tests.Authorization;

/// <summary>What a caller who is not an admin needs to be let through to a route's handler.</summary>
public enum Need
{
    /// <summary>Nothing: health probes answer everyone.</summary>
    Nothing,
    /// <summary>Any authenticated user with an Abaco role (a JWT; a nonce names no actor here).</summary>
    AnyUser,
    /// <summary>Any user; the handler itself then needs UPDATE on the actor named in the body.</summary>
    UpdateOnActorInBody,
    /// <summary>The admin role.</summary>
    Admin,
    ActorRead,
    ActorExecute,
    ActorUpdate,
    /// <summary>Adding workers is for admins only, whatever the caller's level on the actor.</summary>
    WorkersAdmin,
    AliasRead,
    AliasUpdate,
    /// <summary>An alias's nonces: the level on the alias and on the actor behind it.</summary>
    AliasAndActorRead,
    AliasAndActorUpdate,
    ConfigRead,
    ConfigUpdate,
}

/// <summary>What a row's request addresses below the actor: an existing object, or one that does not exist.</summary>
public enum SubObject
{
    None,
    /// <summary>An object of the shared scene (the execution, the worker, a READ nonce).</summary>
    Existing,
    /// <summary>An id that names nothing, so the handler answers its own "not found" (nothing gets destroyed).</summary>
    Missing,
}

/// <summary>
/// One mapped route: method, template (placeholders: <c>{actor}</c> id or alias, <c>{alias}</c>, <c>{config}</c>,
/// <c>{execution}</c>, <c>{worker}</c>, <c>{nonce}</c>, <c>{type}</c>), what a non-admin needs, and whether a row
/// changes what other rows rely on (then it gets a scene of its own).
/// </summary>
public sealed partial record MatrixRoute(string Method, string Template, Need Need, SubObject Sub = SubObject.None,
    bool OwnScene = false, bool PrivilegedBody = false)
{
    public bool IsActorScoped => Template.StartsWith("/actors/{actor}", StringComparison.Ordinal);

    /// <summary>The template with every placeholder as <c>{}</c>, to compare with the router's patterns.</summary>
    public string Shape => NormalizeTemplate(Template);

    public static string NormalizeTemplate(string template) => Placeholder().Replace(template, "{}");

    public override string ToString() => $"{Method} {Template}{(PrivilegedBody ? " (body sets max_workers)" : "")}";

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Placeholder();
}

/// <summary>
/// Every route of the API and the permission it needs, as the authorization table of the documentation reads.
/// A route the node maps but this table lacks fails <c>MatrixRouteCoverageSpecs</c> in Abaco.Api.Tests.
/// </summary>
public static class MatrixRoutes
{
    public static readonly IReadOnlyList<MatrixRoute> All =
    [
        new("GET", "/healthz/live", Need.Nothing),
        new("GET", "/healthz/ready", Need.Nothing),
        new("GET", "/openapi.json", Need.Nothing),
        new("GET", "/docs", Need.Nothing),
        new("GET", "/docs/swagger-ui.css", Need.Nothing),
        new("GET", "/docs/swagger-ui-bundle.js", Need.Nothing),
        new("GET", "/docs/favicon-32x32.png", Need.Nothing),
        new("GET", "/dashboard", Need.Nothing),
        new("GET", "/dashboard/dashboard.css", Need.Nothing),
        new("GET", "/dashboard/dashboard.js", Need.Nothing),

        new("GET", "/actors", Need.AnyUser),
        new("POST", "/actors", Need.AnyUser),
        new("GET", "/actors/{actor}", Need.ActorRead),
        new("PUT", "/actors/{actor}", Need.ActorUpdate, OwnScene: true),
        new("DELETE", "/actors/{actor}", Need.ActorUpdate, OwnScene: true),
        new("GET", "/actors/{actor}/state", Need.ActorRead),
        new("POST", "/actors/{actor}/state", Need.ActorUpdate),

        new("GET", "/actors/{actor}/messages", Need.ActorRead),
        new("POST", "/actors/{actor}/messages", Need.ActorExecute),
        new("DELETE", "/actors/{actor}/messages", Need.ActorUpdate),

        new("GET", "/actors/{actor}/executions", Need.ActorRead),
        new("GET", "/actors/{actor}/executions/{execution}", Need.ActorRead, SubObject.Existing),
        new("DELETE", "/actors/{actor}/executions/{execution}", Need.ActorUpdate, SubObject.Missing),
        new("GET", "/actors/{actor}/executions/{execution}/logs", Need.ActorRead, SubObject.Existing),
        new("GET", "/actors/{actor}/executions/{execution}/results", Need.ActorRead, SubObject.Existing),

        new("GET", "/actors/{actor}/workers", Need.ActorRead),
        new("POST", "/actors/{actor}/workers", Need.WorkersAdmin),
        new("GET", "/actors/{actor}/workers/{worker}", Need.ActorRead, SubObject.Existing),
        new("DELETE", "/actors/{actor}/workers/{worker}", Need.ActorUpdate, SubObject.Missing),

        new("GET", "/actors/{actor}/nonces", Need.ActorRead),
        new("POST", "/actors/{actor}/nonces", Need.ActorUpdate),
        new("GET", "/actors/{actor}/nonces/{nonce}", Need.ActorRead, SubObject.Existing),
        new("DELETE", "/actors/{actor}/nonces/{nonce}", Need.ActorUpdate, SubObject.Missing),

        new("GET", "/actors/{actor}/permissions", Need.ActorRead),
        new("POST", "/actors/{actor}/permissions", Need.ActorUpdate),

        new("GET", "/actors/aliases", Need.AnyUser),
        new("POST", "/actors/aliases", Need.UpdateOnActorInBody),
        new("GET", "/actors/aliases/{alias}", Need.AliasRead),
        new("PUT", "/actors/aliases/{alias}", Need.AliasUpdate),
        new("DELETE", "/actors/aliases/{alias}", Need.AliasUpdate, OwnScene: true),
        new("GET", "/actors/aliases/{alias}/nonces", Need.AliasAndActorRead),
        new("POST", "/actors/aliases/{alias}/nonces", Need.AliasAndActorUpdate),
        new("GET", "/actors/aliases/{alias}/nonces/{nonce}", Need.AliasAndActorRead, SubObject.Existing),
        new("DELETE", "/actors/aliases/{alias}/nonces/{nonce}", Need.AliasAndActorUpdate, SubObject.Missing),
        new("GET", "/actors/aliases/{alias}/permissions", Need.AliasRead),
        new("POST", "/actors/aliases/{alias}/permissions", Need.AliasUpdate),

        new("GET", "/actors/configs", Need.AnyUser),
        new("POST", "/actors/configs", Need.UpdateOnActorInBody),
        new("GET", "/actors/configs/{config}", Need.ConfigRead),
        new("PUT", "/actors/configs/{config}", Need.ConfigUpdate),
        new("DELETE", "/actors/configs/{config}", Need.ConfigUpdate, OwnScene: true),
        new("GET", "/actors/configs/{config}/permissions", Need.ConfigRead),
        new("POST", "/actors/configs/{config}/permissions", Need.ConfigUpdate),

        new("GET", "/actors/search/{type}", Need.AnyUser),
        new("GET", "/actors/utilization", Need.AnyUser),
        new("GET", "/actors/admin", Need.Admin),
        new("GET", "/actors/admin/workers", Need.Admin),
        new("GET", "/actors/admin/executions", Need.Admin),
        new("GET", "/admin/dashboard", Need.Admin),
        new("POST", "/admin/dashboard", Need.Admin),
        new("GET", "/admin/dashboard/nodes", Need.Admin),
        new("GET", "/admin/dashboard/errors", Need.Admin),
        // {actor} stands for a db id here; the scene's actor id names none, so the admin's list is empty.
        new("GET", "/admin/dashboard/actors/{actor}/executions", Need.Admin),
        new("GET", "/admin/dashboard/actors/{actor}/executions/{execution}/logs", Need.Admin, SubObject.Missing),
        new("GET", "/metrics", Need.Admin),
        new("GET", "/cron", Need.Admin),
    ];

    /// <summary>
    /// Actor descriptions with a privileged field (<c>max_workers</c>): only admins and privileged users may send
    /// them, whatever their level on the actor.
    /// </summary>
    public static readonly IReadOnlyList<MatrixRoute> WithPrivilegedBodies =
    [
        new("POST", "/actors", Need.AnyUser, PrivilegedBody: true),
        new("PUT", "/actors/{actor}", Need.ActorUpdate, OwnScene: true, PrivilegedBody: true),
    ];
}
