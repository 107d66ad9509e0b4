using Abaco.Api.Http;
using Abaco.Api.Views;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using Abaco.Core.Sharing;
using Abaco.Stores;

namespace Abaco.Api.Sharing;

/// <summary>
/// Showing and granting on the permission document of an actor, an alias or a config (the original's
/// <c>PermissionsResource</c>): the answer is the raw <c>{user: LEVEL}</c> map. <c>noun</c> names the object in the
/// original's 404 (which also names the object's store id).
/// </summary>
public sealed class PermissionDocuments(IAbacoStores stores, AbacoSettings settings, Envelope envelope)
{
    private const string UserHelp = "User owning the permission.";

    private static readonly string LevelHelp =
        $"Level of the permission: {SharingRules.LevelTuple(SharingRules.PermissionLevelsAllowed)}";

    public async Task<IResult> ShowAsync(PermissionScope scope, string objectId, string noun, CancellationToken ct) =>
        envelope.Ok(SharingViews.Permissions(await EntriesAsync(scope, objectId, noun, ct)),
            "Permissions retrieved successfully.");

    /// <summary>
    /// Grants <c>user</c> the <c>level</c> of the body and answers the resulting document. The object is known to
    /// exist (the original would also grant on objects that did not).
    /// </summary>
    public async Task<IResult> GrantAsync(HttpRequest request, PermissionScope scope, string objectId, string noun,
        CancellationToken ct)
    {
        var fields = await OriginalFields.ReadAsync(request, settings.Web.Case, "permissions description",
            "Invalid permissions description: ");
        var user = fields.Required("user", UserHelp);
        var level = SharingRules.GrantLevel(fields.Required("level", LevelHelp));
        await stores.Permissions.SetAsync(scope, objectId, user, level, ct);
        return envelope.Ok(SharingViews.Permissions(await EntriesAsync(scope, objectId, noun, ct)),
            "Permission added successfully.");
    }

    private async Task<IReadOnlyList<PermissionEntry>> EntriesAsync(PermissionScope scope, string objectId,
        string noun, CancellationToken ct) =>
        await stores.Permissions.GetAsync(scope, objectId, ct)
        ?? throw ApiError.NotFound($"{noun} {objectId} does not exist");
}
