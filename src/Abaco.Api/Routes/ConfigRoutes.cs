using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Api.Routes.Scopes;
using Abaco.Api.Sharing;
using Abaco.Api.Views;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Stores;

namespace Abaco.Api.Routes;

/// <summary>
/// Actor configs and secrets (original-abaco.md §1.9, §1.2 #35-#39; the original's <c>ActorConfigsResource</c> and
/// <c>ActorConfigResource</c>). A secret's value is encrypted before it is stored and shown only as ciphertext;
/// workers decrypt it when they inject it into the actors' containers (original-abaco.md §3.4).
/// </summary>
public static class ConfigRoutes
{
    private const string NameHelp = "Name of the config";
    private const string ValueHelp = "The value of the config; JSON Serializable. Set as the ENV VAR value.";
    private const string IsSecretHelp = "Whether the config should be encrypted at rest and not retrievable.";
    private const string ActorsHelp = "List of actor IDs or aliases that should get this config/secret.";

    public static void MapConfigRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/actors/configs", ListAsync);
        routes.MapPost("/actors/configs", AddAsync);

        routes.MapGet(RouteGroups.ConfigPath, (RouteConfig config, SharingViews views, Envelope envelope) =>
            envelope.Ok(views.Config(config.Record), "Config retrieved successfully."));
        routes.MapPut(RouteGroups.ConfigPath, ReplaceAsync);
        routes.MapDelete(RouteGroups.ConfigPath, DeleteAsync);
    }

    /// <summary>
    /// Every config of the tenant, with no permission filter (as the original; original-abaco.md §5.9 quirk 8): secrets
    /// only ever show their ciphertext.
    /// </summary>
    private static async Task<IResult> ListAsync(Caller caller, IAbacoStores stores, SharingViews views,
        Envelope envelope, CancellationToken ct)
    {
        var configs = await stores.Configs.ListAsync(caller.Tenant, ct);
        return envelope.Ok(JsonLists.Of(configs, views.Config),
            "Actor Configs retrieved successfully.");
    }

    private static async Task<IResult> AddAsync(Caller caller, HttpRequest request, AbacoSettings settings,
        IAbacoStores stores, ISecretCipher cipher, SharingViews views, Envelope envelope, CancellationToken ct)
    {
        var fields = await OriginalFields.ReadAsync(request, settings.Web.Case, "config description",
            "Invalid config description. Missing required field: ");
        var name = fields.Required("name", NameHelp);
        var config = await ReadConfigAsync(fields, stores, cipher, caller, name, ct);
        if (NameRules.Config.Problem(name) is { } problem) throw ApiError.BadRequest(problem);
        if (!await stores.Configs.AddAsync(config, ct))
            throw ApiError.BadRequest($"Config {name} already exists; please choose another name for your config");
        await stores.Permissions.SetAsync(PermissionScope.Config, config.ConfigId, caller.User, PermissionLevel.Update, ct);
        return envelope.Ok(views.Config(config), "Actor config created successfully.");
    }

    /// <summary>
    /// A full replacement of value, is_secret and actors; the name comes from the path (one in the body is ignored,
    /// and, unlike the original, not required).
    /// </summary>
    private static async Task<IResult> ReplaceAsync(RouteConfig current, Caller caller, HttpRequest request,
        AbacoSettings settings, IAbacoStores stores, ISecretCipher cipher, SharingViews views, Envelope envelope,
        CancellationToken ct)
    {
        // (The original's PUT message said "alias description" here, a copy-and-paste slip.)
        var fields = await OriginalFields.ReadAsync(request, settings.Web.Case, "config description",
            "Invalid config description. Could not determine if required fields are present. " +
            "Is the body valid JSON? Details: ");
        var config = await ReadConfigAsync(fields, stores, cipher, caller, current.Record.Name, ct);
        await stores.Configs.UpdateAsync(config, ct);
        return envelope.Ok(views.Config(config), "Actor config updated successfully.");
    }

    /// <summary>Its own 404 message (the original's), so the config is looked up here rather than bound.</summary>
    private static async Task<IResult> DeleteAsync(string name, Caller caller, IAbacoStores stores, Envelope envelope,
        CancellationToken ct)
    {
        var config = await stores.Configs.GetAsync(caller.Tenant, name, ct)
                     ?? throw ApiError.NotFound($"No config found with name: {name}.");
        await stores.Configs.DeleteAsync(config.Tenant, config.Name, ct);
        await stores.Permissions.DeleteAsync(PermissionScope.Config, config.ConfigId, ct);
        return envelope.Ok(null, $"Actor config {name} deleted successfully.");
    }

    /// <summary>
    /// The config a POST or PUT body describes: its value (encrypted when secret) and the actors it is for, each of
    /// which must be an actor id or an alias of the tenant that the caller may update.
    /// </summary>
    private static async Task<ActorConfigRecord> ReadConfigAsync(OriginalFields fields, IAbacoStores stores,
        ISecretCipher cipher, Caller caller, string name, CancellationToken ct)
    {
        var value = fields.Required("value", ValueHelp, allowEmpty: true);
        var isSecret = fields.RequiredBool("is_secret", IsSecretHelp);
        var actors = fields.Required("actors", ActorsHelp);
        var identifiers = SharingRules.ConfigActors(actors);
        if (identifiers.IsEmpty) throw fields.Invalid("actors", ActorsHelp);
        var targets = new List<ConfigTarget>();
        foreach (var identifier in identifiers)
        {
            var (scope, objectId, actorDbId) = await SubjectAsync(stores, caller.Tenant, identifier, ct);
            // The original checked this permission and then ignored the answer (original-abaco.md §5.9 quirk 7), so
            // anyone could have a config injected into anybody's actor; here the caller needs UPDATE.
            if (!await SharingAccess.MayUpdateAsync(stores.Permissions, caller, scope, objectId, ct))
                throw ApiError.BadRequest($"Not authorized -- you do not have access to {identifier}.");
            // Bound now: an alias deleted and re-created for another actor later does not carry the config over.
            targets.Add(new ConfigTarget(identifier, actorDbId));
        }
        return new ActorConfigRecord(caller.Tenant, name, isSecret ? cipher.Encrypt(value) : value, isSecret, actors)
        {
            Targets = [.. targets],
        };
    }

    /// <summary>
    /// Whether an item of <c>actors</c> names an actor or an alias, its permission document, and the actor it names.
    /// </summary>
    private static async Task<(PermissionScope Scope, string ObjectId, string ActorDbId)> SubjectAsync(
        IAbacoStores stores, string tenant, string identifier, CancellationToken ct)
    {
        if (AbacoIds.IsHashid(identifier))
        {
            var dbId = new ActorKey(tenant, new ActorId(identifier)).DbId;
            if (await stores.Actors.GetAsync(dbId, ct) is not null) return (PermissionScope.Actor, dbId, dbId);
        }
        else if (await stores.Aliases.GetAsync(tenant, identifier, ct) is { } alias)
        {
            return (PermissionScope.Alias, alias.AliasId, alias.ActorDbId);
        }
        throw ApiError.NotFound($"No actor or alias found with id: {identifier}.");
    }
}
