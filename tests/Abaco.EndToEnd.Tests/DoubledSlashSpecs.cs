using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// The original's clients build URLs like <c>{base}//actors</c>, and its nginx front merged the slashes: the node
/// serves a path with repeated slashes (and a trailing slash) exactly as the merged path, for every route family,
/// and checks access on the merged path too. Each class runs the table against one node: access control none or
/// jwt, snake or camel field names.
/// </summary>
public abstract class DoubledSlashSpecs
{
    /// <summary>GET routes, one or more per family; {id} {alias} {execution} are filled in.</summary>
    private static readonly string[] Reads =
    [
        "/actors",
        "/actors/{id}",
        "/actors/{alias}",
        "/actors/{id}/messages",
        "/actors/{id}/executions",
        "/actors/{id}/executions/{execution}",
        "/actors/{id}/executions/{execution}/logs",
        "/actors/{id}/executions/{execution}/results",
        "/actors/{id}/workers",
        "/actors/{id}/workers/nosuchworker",
        "/actors/{id}/nonces",
        "/actors/{id}/nonces/nosuchnonce",
        "/actors/{id}/permissions",
        "/actors/{id}/state",
        "/actors/aliases",
        "/actors/aliases/{alias}",
        "/actors/aliases/{alias}/permissions",
        "/actors/aliases/{alias}/nonces",
        "/actors/configs",
        "/actors/configs/nosuchconfig",
        "/actors/search/actors",
        "/actors/search/executions",
        "/actors/utilization",
        "/actors/admin",
        "/actors/admin/workers",
        "/actors/admin/executions",
        "/admin/dashboard",
        "/actors/{id}/nosuchword",
    ];

    /// <summary>The spellings a client or a front may produce for <paramref name="path"/>.</summary>
    public static IEnumerable<string> Doubled(string path) =>
    [
        path.Replace("/", "//"),
        "/" + path + "/",
        "///" + path.TrimStart('/').Replace("/", "///") + "//",
    ];

    private const string NotAnEndpoint = "Invalid request: the requested URL is not an Abaco endpoint.";

    protected abstract IEnumerable<WireCaller> Callers { get; }

    [Fact(DisplayName = "Doubled slashes: every route family answers a // path exactly as the merged path")]
    public async Task Every_family_answers_as_merged()
    {
        var mismatches = new List<string>();
        foreach (var caller in Callers)
        {
            var id = await caller.CreateActorAsync("doubled");
            var alias = await caller.AliasAsync(id, $"doubled-{Guid.NewGuid():N}"[..16]);
            var execution = await caller.RunAsync(id);
            string Fill(string template) =>
                template.Replace("{id}", id).Replace("{alias}", alias).Replace("{execution}", execution);

            foreach (var path in Reads.Select(Fill))
            {
                var before = await caller.GetAsync(path);
                // Every row is a real route (the last one answers 405), whatever it answers.
                Assert.True(before.Status < 500 && before.Message != NotAnEndpoint, $"GET {path}: {before}");
                foreach (var doubled in Doubled(path))
                {
                    var answer = await caller.GetAsync(doubled);
                    // The merged path's answer may change in between (workers start): compare with both sides.
                    if (Same(answer, before) || Same(answer, await caller.GetAsync(path))) continue;
                    mismatches.Add($"GET {doubled}: {answer}\n  merged GET {path}: {before}");
                }
            }

            // Writes through // paths are checked (and done) as on the merged path.
            var message = await caller.PostFormAsync($"//actors//{id}//messages/", "message=again");
            if (message.Status != 200) mismatches.Add($"POST //actors//{id}//messages/: {message}");
            var stateBody = new Dictionary<string, int> { ["n"] = 1 };
            var state = await caller.PostJsonAsync($"//actors///{id}//state", stateBody);
            var merged = await caller.PostJsonAsync($"/actors/{id}/state", stateBody);
            if (state.Status != merged.Status || state.Message != merged.Message)
                mismatches.Add($"POST //actors///{id}//state: {state}\n  merged: {merged}");
            var deleted = await caller.DeleteAsync($"//actors//aliases//{alias}//");
            if (deleted.Status != 200) mismatches.Add($"DELETE //actors//aliases//{alias}//: {deleted}");
            Assert.Equal(404, (await caller.GetAsync($"/actors/aliases/{alias}")).Status);
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    /// <summary>
    /// Same status, message and result. Answers that are not the envelope (the dashboard page, which shows the time;
    /// results, which pop what they return) compare by status and kind only.
    /// </summary>
    private static bool Same(WireAnswer a, WireAnswer b) =>
        a.Status == b.Status && a.Message == b.Message &&
        (a.Envelope is null || b.Envelope is null
            ? (a.Envelope is null) == (b.Envelope is null)
            : a.Result.ToString() == b.Result.ToString());
}

public sealed class DoubledSlashNoneSnakeSpecs(NodeFixture fixture) : DoubledSlashSpecs, IClassFixture<NodeFixture>
{
    protected override IEnumerable<WireCaller> Callers => [new(fixture.Node.BaseUrl, camel: false)];
}

public sealed class DoubledSlashNoneCamelSpecs(CamelNodeFixture fixture) : DoubledSlashSpecs, IClassFixture<CamelNodeFixture>
{
    protected override IEnumerable<WireCaller> Callers => [new(fixture.Node.BaseUrl, camel: true)];
}

public sealed class DoubledSlashJwtSnakeSpecs(JwtNodeFixture fixture) : DoubledSlashSpecs, IClassFixture<JwtNodeFixture>
{
    protected override IEnumerable<WireCaller> Callers => JwtCallers.Of(fixture.Node.BaseUrl, fixture.Apim, camel: false);
}

public sealed class DoubledSlashJwtCamelSpecs(JwtCamelNodeFixture fixture) : DoubledSlashSpecs, IClassFixture<JwtCamelNodeFixture>
{
    protected override IEnumerable<WireCaller> Callers => JwtCallers.Of(fixture.Node.BaseUrl, fixture.Apim, camel: true);
}

/// <summary>A jwt node with camel-case fields.</summary>
public sealed class JwtCamelNodeFixture : NodeFixture, IDisposable
{
    public TestJwt Apim { get; } = new();

    protected override string ExtraConfig => Apim.NodeConfig + "\nabaco.web.case = camel";

    public void Dispose() => Apim.Dispose();
}

/// <summary>A plain user and an admin of tenant DEV, as wire callers.</summary>
public static class JwtCallers
{
    public static WireCaller[] Of(Uri server, TestJwt apim, bool camel)
    {
        var hour = DateTimeOffset.UtcNow.AddHours(1);
        var header = TestJwt.HeaderName(JwtNodeFixture.Tenant);
        return
        [
            new(server, camel, new KeyValuePair<string, string>(header,
                apim.Wso2("plain", $"{TestJwt.Roles.User},{TestJwt.Roles.Everyone}", hour))),
            new(server, camel, new KeyValuePair<string, string>(header,
                apim.Rs256("boss", $"{TestJwt.Roles.Admin},{TestJwt.Roles.Everyone}", hour))),
        ];
    }
}
