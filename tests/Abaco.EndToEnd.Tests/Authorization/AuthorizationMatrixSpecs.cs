using System.Net;
using System.Text.Json;
using Abaco.Core.Permissions;
using Xunit;

namespace Abaco.EndToEnd.Tests.Authorization;

/// <summary>
/// The authorization matrix: every route of the API, by actor id and by alias, for every kind of caller (see
/// <see cref="MatrixCallers"/>), over HTTP against a real node with <c>access_control = jwt</c>. What each row
/// expects comes from <see cref="MatrixRules"/>; refusals are asserted on their exact text, which clients match on.
/// Beyond the status, lists and search must not show the actor to anyone below READ, and listing nonces must not
/// show a nonce above the caller's own level (a READ holder who could list an UPDATE nonce would hold UPDATE).
/// The requests are all sent at once by the fixture (see <see cref="AuthorizationMatrixFixture.AnswerOfAsync"/>);
/// each row then judges its own answer.
/// </summary>
public sealed class AuthorizationMatrixSpecs(AuthorizationMatrixFixture fixture) : IClassFixture<AuthorizationMatrixFixture>
{
    public static TheoryData<MatrixCase> Rows()
    {
        var rows = new TheoryData<MatrixCase>();
        foreach (var row in MatrixRow.All) rows.Add(new MatrixCase(row.Name));
        return rows;
    }

    [Theory(DisplayName = "Authorization matrix")]
    [MemberData(nameof(Rows))]
    public async Task Row(MatrixCase cell)
    {
        var row = MatrixRow.ByName[cell.Name];
        var (scene, path, answer) = await fixture.AnswerOfAsync(row);
        var expected = row.Expected;
        var message = Fill(expected.Message, scene);
        var what = $"{row.Route.Method} {path} as {row.Caller.Label}: expected {expected}, got {answer}";

        switch (expected.Kind)
        {
            case OutcomeKind.Allowed:
                Assert.True((int)answer.Status == expected.Status, what);
                if (message.Length > 0) Assert.True(answer.Message == message, what);
                // The OpenAPI document is JSON but not an envelope.
                if (answer.Status == HttpStatusCode.OK && answer.Envelope is { ValueKind: JsonValueKind.Object } &&
                    row.Route.Template != "/openapi.json")
                    Assert.True(answer.EnvelopeStatus == "success", what);
                CheckWhatIsShown(row, scene, answer);
                break;
            case OutcomeKind.Refused:
                Assert.True((int)answer.Status == expected.Status && answer.Message == message, what);
                Assert.True(answer.EnvelopeStatus == "error", what);
                break;
            case OutcomeKind.RefusedAbout:
                Assert.True((int)answer.Status is >= 400 and < 500, what);
                Assert.True(answer.EnvelopeStatus == "error", what);
                Assert.True(answer.Message?.Contains(message, StringComparison.OrdinalIgnoreCase) == true, what);
                break;
        }
    }

    /// <summary>Lists, search and nonce listings show only what the caller may see.</summary>
    private static void CheckWhatIsShown(MatrixRow row, MatrixScene scene, MatrixAnswer answer)
    {
        var caller = row.Caller;
        switch (row.Route.Method, row.Route.Template)
        {
            case ("GET", "/actors"):
                var lists = MatrixRules.ListsActor(caller);
                Assert.True(ListsActor(answer.Result, scene) == lists,
                    $"{caller.Label} {(lists ? "must" : "must not")} see the actor in GET /actors: {answer}");
                break;
            case ("GET", "/actors/search/{type}"):
                if (MatrixRules.FindsActor(caller) is not { } finds) break;
                Assert.True(ListsActor(answer.Result.GetProperty("search"), scene) == finds,
                    $"{caller.Label} {(finds ? "must" : "must not")} find the actor by search: {answer}");
                break;
            case ("GET", "/actors/{actor}/nonces" or "/actors/aliases/{alias}/nonces"):
                var cap = MatrixRules.NonceListingCap(caller);
                var levels = answer.Result.EnumerateArray().Select(n => n.GetProperty("level").GetString()!).ToList();
                Assert.True(levels.Count > 0, $"{caller.Label} must see the READ nonce: {answer}");
                Assert.True(levels.All(l => PermissionLevels.TryParse(l, out var level) && level <= cap),
                    $"{caller.Label} (level {PermissionLevels.Text(cap)}) must see no nonce above it: [{string.Join(", ", levels)}]");
                break;
        }
    }

    private static bool ListsActor(JsonElement list, MatrixScene scene) =>
        list.EnumerateArray().Any(a => a.GetProperty("id").GetString() == scene.ActorId);

    private static string Fill(string message, MatrixScene scene) => message
        .Replace("{actor_id}", scene.ActorId)
        .Replace("{alias}", scene.Alias)
        .Replace("{config}", scene.Config)
        .Replace("{missing}", MatrixScene.Missing)
        .Replace("{unknown}", MatrixRow.UnknownAlias);
}
