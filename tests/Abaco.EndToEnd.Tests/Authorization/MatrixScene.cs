using System.Net.Http.Json;
using System.Text.Json;
using Abaco.Core.Permissions;
using Abaco.Testing;

namespace Abaco.EndToEnd.Tests.Authorization;

/// <summary>
/// What the rows act on: the owner's busybox actor, an alias of it, a config naming it, each shared with the callers
/// at their level (actor, alias and config alike), and nonces the owner made for the nonce holders. The shared scene's
/// actor is stateful (its state can be set) and has one execution and its worker; a row's own scene is a plain
/// stateless actor, as its PUT bodies describe.
/// </summary>
public sealed record MatrixScene(
    string Name,
    string ActorId,
    string Alias,
    string Config,
    string? ExecutionId,
    string? WorkerId,
    IReadOnlyDictionary<string, string> NonceOf)
{
    public const string Image = "abaco/test-busybox";

    /// <summary>An id that names no execution, worker or nonce.</summary>
    public const string Missing = "matrix-missing";

    /// <summary>Sets a scene up as the owner, sharing it with <paramref name="callers"/>.</summary>
    public static async Task<MatrixScene> CreateAsync(MatrixClient owner, string name,
        IReadOnlyCollection<MatrixCaller> callers, bool shared)
    {
        var actor = await owner.OkAsync(HttpMethod.Post, "/actors", Json(new { image = Image, name, stateless = !shared }));
        var actorId = actor.Result.GetProperty("id").GetString()!;
        var alias = $"{name}-alias";
        await owner.OkAsync(HttpMethod.Post, "/actors/aliases", Json(new { alias, actor_id = actorId }));
        var config = $"{name}-config";
        await owner.OkAsync(HttpMethod.Post, "/actors/configs",
            Json(new { name = config, value = "plain", is_secret = false, actors = actorId }));

        foreach (var caller in callers.Where(c => c.Share is not null && c.User != MatrixCallers.Owner.User))
        {
            var grant = new { user = caller.User, level = PermissionLevels.Text(caller.Share!.Value) };
            await owner.OkAsync(HttpMethod.Post, $"/actors/{actorId}/permissions", Json(grant));
            await owner.OkAsync(HttpMethod.Post, $"/actors/aliases/{alias}/permissions", Json(grant));
            await owner.OkAsync(HttpMethod.Post, $"/actors/configs/{config}/permissions", Json(grant));
        }

        var nonces = new Dictionary<string, string>();
        foreach (var caller in callers.Where(c => c.HoldsNonce))
        {
            var path = caller.Credential == Credential.AliasNonce
                ? $"/actors/aliases/{alias}/nonces"
                : $"/actors/{actorId}/nonces";
            var nonce = await owner.OkAsync(HttpMethod.Post, path,
                Json(new { level = PermissionLevels.Text(caller.NonceLevel!.Value), max_uses = -1 }));
            nonces[caller.Key] = nonce.Result.GetProperty("id").GetString()!;
        }

        string? executionId = null, workerId = null;
        if (shared)
        {
            var sent = await owner.OkAsync(HttpMethod.Post, $"/actors/{actorId}/messages",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = "scene" }));
            executionId = sent.Result.GetProperty("execution_id").GetString()!;
            workerId = await Eventually.ValueAsync(async () =>
            {
                var workers = (await owner.OkAsync(HttpMethod.Get, $"/actors/{actorId}/workers")).Result;
                return workers.GetArrayLength() > 0 ? workers[0].GetProperty("id").GetString() : null;
            }, TimeSpan.FromSeconds(30), "the scene's worker");
        }
        return new MatrixScene(name, actorId, alias, config, executionId, workerId, nonces);
    }

    private static readonly JsonSerializerOptions AsWritten = new();

    /// <summary>A JSON body with the field names exactly as written.</summary>
    public static JsonContent Json(object body) => JsonContent.Create(body, options: AsWritten);
}
