using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// Every route of <see cref="ApiRoutes"/> (a unit spec keeps that table equal to the routes the node maps) hit with a
/// seeded, bounded set of malformed bodies, query strings and headers. Nothing may answer 5xx; a refusal is the error
/// envelope with a message; a write with a malformed body is refused; afterwards the node is live and the stores
/// hold what they held before (actors, aliases, configs, nonces, executions, permissions, state). Writes go to the
/// caller's own actor and alias; DELETEs name things that do not exist, so nothing may legitimately change.
/// </summary>
public abstract class FuzzSpecs
{
    private const int Seed = 20261206;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    protected abstract Uri Server { get; }

    /// <summary>The caller the routes are fuzzed as (plain user under jwt, the anonymous admin under none).</summary>
    protected abstract WireCaller Caller { get; }

    [Fact(DisplayName = "Fuzz: malformed bodies, queries and headers on every route: no 5xx, refusals are envelopes, nothing written")]
    public async Task Every_route_survives_malformed_input()
    {
        var caller = Caller;
        var id = await caller.CreateActorAsync("fuzz-target");
        var alias = await caller.AliasAsync(id, $"fuzz-{Guid.NewGuid():N}"[..14]);
        var real = new Dictionary<string, string>
        {
            ["actorId"] = id, ["alias"] = alias, ["name"] = "fuzzconfig", ["type"] = "actors",
            ["executionId"] = "nosuchexecution", ["workerId"] = "nosuchworker", ["nonceId"] = "DEV_nosuchnonce",
        };
        var missing = real.ToDictionary(p => p.Key, p => p.Key == "type" ? "actors" : "nosuch" + p.Key.ToLowerInvariant());
        var before = await SnapshotAsync(caller, id);

        var random = new Random(Seed);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        foreach (var route in ApiRoutes.All)
        {
            var writes = IsWrite(route);
            var path = route.Path(route.Method == "DELETE" ? missing : real);
            foreach (var request in Requests(random, route, path, writes))
            {
                var answer = await request.SendAsync(caller, Server);
                sent++;
                var what = $"{route}: {request}";
                if (answer.Status >= 500) failures.Add($"{what} answered {answer}");
                else if (answer.Status >= 400 && answer.Envelope is not { } e)
                    failures.Add($"{what} refused without the envelope: {answer}");
                else if (answer.Status >= 400 && string.IsNullOrWhiteSpace(answer.Message))
                    failures.Add($"{what} refused without a message: {answer}");
                else if (writes && request.Malformed && answer.Status < 400)
                    failures.Add($"{what} accepted a malformed write: {answer}");
            }
            Assert.True(clock.Elapsed < Budget, $"The fuzz run exceeded its {Budget.TotalSeconds} s budget at {route} after {sent} requests.");
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n" + string.Join("\n", failures.Take(40)));
        Assert.Equal(200, (await WireHttp.SendAsync(Server, "GET", "/healthz/live")).Status);
        Assert.Equal(before, await SnapshotAsync(caller, id));
    }

    private static bool IsWrite(ApiRoute route) =>
        route.Method is "POST" or "PUT" or "DELETE" && route.Template != "/admin/dashboard";

    /// <summary>What the stores hold that a refused request could have changed, as the API shows it.</summary>
    private static async Task<string> SnapshotAsync(WireCaller caller, string id)
    {
        var parts = new List<string>();
        foreach (var path in new[]
                 {
                     "/actors", "/actors/aliases", "/actors/configs", $"/actors/{id}/nonces", $"/actors/{id}/executions",
                     $"/actors/{id}/permissions", $"/actors/{id}/state", $"/actors/{id}/messages",
                 })
        {
            var answer = await caller.GetAsync(path);
            parts.Add($"{path} {answer.Status} {Stable(answer.Envelope?.GetProperty("result"))}");
        }
        return string.Join("\n", parts);
    }

    /// <summary>A result without what changes by itself (an actor's status as its workers come and go).</summary>
    private static string Stable(JsonElement? result)
    {
        if (result is not { } r) return "";
        var text = r.ToString();
        foreach (var key in new[] { "status", "status_message", "statusMessage", "last_update_time", "lastUpdateTime" })
            text = System.Text.RegularExpressions.Regex.Replace(text, $"\"{key}\":\\s*(\"[^\"]*\"|null)", $"\"{key}\":_");
        return text;
    }

    /// <summary>The generated requests of one route: malformed bodies for writes; odd queries and headers for all.</summary>
    private static IEnumerable<FuzzRequest> Requests(Random random, ApiRoute route, string path, bool writes)
    {
        var userData = route.Template.EndsWith("/messages", StringComparison.Ordinal) ||
                       route.Template.EndsWith("/state", StringComparison.Ordinal);
        var bodies = writes && route.Method != "DELETE" ? Bodies.Where(b => !userData || b.MalformedForAnyRoute).ToList() : [];
        foreach (var body in bodies)
        {
            // Once alone (nothing else to refuse it for), once with an odd query and header.
            yield return new FuzzRequest(route.Method, path, body, [], Malformed: true);
            yield return new FuzzRequest(route.Method, path + Pick(random, Queries), body, Pick(random, Headers), Malformed: true);
        }
        if (bodies.Count == 0)
        {
            foreach (var query in Queries.OrderBy(_ => random.Next()).Take(6))
                yield return new FuzzRequest(route.Method, path + query, null, Pick(random, Headers), Malformed: false);
        }
        foreach (var header in Headers.Where(h => h.Length > 0))
            yield return new FuzzRequest(route.Method, path, writes ? bodies.FirstOrDefault() : null, header,
                Malformed: writes && bodies.Count > 0);
        // Someone with no credential at all, holding a made-up nonce.
        yield return new FuzzRequest(route.Method, path + Pick(random, Nonces), writes ? bodies.FirstOrDefault() : null, [],
            Malformed: writes && bodies.Count > 0, Anonymous: true);
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static readonly string FieldNames = "image alias actor_id actorId name value is_secret actors level user num max_uses";

    /// <summary>A body and whether every route must refuse it (message and state routes take any well-formed JSON).</summary>
    private sealed record Body(string Label, byte[] Bytes, string ContentType, bool MalformedForAnyRoute)
    {
        public override string ToString() => $"{Label} ({ContentType}, {Bytes.Length} bytes)";
    }

    private static readonly IReadOnlyList<Body> Bodies =
    [
        new("truncated JSON", "{\"image\": \"abaco/test-busybox\", "u8.ToArray(), "application/json", true),
        new("duplicate keys", Encoding.UTF8.GetBytes("{" + string.Join(", ", FieldNames.Split(' ')
            .SelectMany(f => new[] { $"\"{f}\": \"x\"", $"\"{f}\": \"y\"" })) + "}"), "application/json", true),
        new("duplicate message key", "{\"message\": \"a\", \"message\": \"b\"}"u8.ToArray(), "application/json", true),
        new("deep nesting", Encoding.UTF8.GetBytes("{\"image\": " + new string('[', 100_000) + new string(']', 100_000) + "}"),
            "application/json", true),
        new("huge unterminated string", Encoding.UTF8.GetBytes("{\"image\": \"" + new string('a', 1_000_000)), "application/json", true),
        new("invalid UTF-8", [.. "{\"image\": \""u8, 0xC3, 0x28, 0xFF, .. "\", \"message\": \"x\"}"u8], "application/json", true),
        new("invalid UTF-8 text", [0xFE, 0xFF, 0xC0, 0x80], "text/plain", true),
        new("broken multipart", "--nope\r\nContent-Disposition: form-data; name=\"image\"\r\n\r\nx"u8.ToArray(),
            "multipart/form-data; boundary=xyz", true),
        new("form key over the limit", Encoding.UTF8.GetBytes(new string('k', 5000) + "=v"), "application/x-www-form-urlencoded", true),
        new("wrong types", Encoding.UTF8.GetBytes("{" + string.Join(", ", FieldNames.Split(' ')
            .Select(f => $"\"{f}\": {{\"nested\": [1, {{}}]}}")) + "}"), "application/json", false),
        new("array where an object is expected", "[1, 2, 3]"u8.ToArray(), "application/json", false),
    ];

    private static readonly IReadOnlyList<string> Queries =
    [
        "", "?limit=abc", "?skip=-1", "?offset=99999999999999999999999", "?_abaco_synchronous=maybe", "?num=abc",
        "?max_uses=1e400", "?level=SUPER", "?x=%zz", "?x=%FF%FE", "?a=1&a=2&A=3", "?" + new string('q', 6000) + "=1",
        "?id.gt=abc", "?name.between=1", "?status.in=%5B%5B%5B", "?=&&==&", "?is_secret=maybe&privileged=perhaps",
    ];

    private static readonly IReadOnlyList<KeyValuePair<string, string>[]> Headers =
    [
        [],
        [new("tenant", "OTHER")],
        [new("tenant", new string('t', 4000))],
        [new("Authorization", "Bearer a.b.c")],
        [new("X-Jwt-Assertion-OTHER", "not-a-token")],
        [new("Accept", "application/xml")],
        [new("Content-Encoding", "gzip")],
    ];

    private static readonly IReadOnlyList<string> Nonces =
        ["?x-nonce=", "?x-nonce=DEV_nosuch", "?x-nonce=%FF", "?x-nonce=" + new string('n', 3000), "?x-nonce=DEV_&x-nonce=x"];

    private sealed record FuzzRequest(string Method, string Target, Body? Body, KeyValuePair<string, string>[] Headers,
        bool Malformed, bool Anonymous = false)
    {
        public Task<WireAnswer> SendAsync(WireCaller caller, Uri server) => Anonymous
            ? WireHttp.SendAsync(server, Method, Target, Headers, Body?.Bytes, Body?.ContentType)
            : caller.SendAsync(Method, Target, Body?.Bytes, Body?.ContentType, Headers);

        public override string ToString() =>
            $"{Method} {(Target.Length > 120 ? Target[..120] + "..." : Target)} body={Body?.ToString() ?? "none"} " +
            $"headers=[{string.Join(", ", Headers.Select(h => $"{h.Key}: {(h.Value.Length > 40 ? h.Value[..40] + "..." : h.Value)}"))}]" +
            (Anonymous ? " anonymous" : "");
    }
}

public sealed class FuzzNoneSpecs(NodeFixture fixture) : FuzzSpecs, IClassFixture<NodeFixture>
{
    protected override Uri Server => fixture.Node.BaseUrl;
    protected override WireCaller Caller => new(fixture.Node.BaseUrl, camel: false);
}

public sealed class FuzzJwtSpecs(JwtNodeFixture fixture) : FuzzSpecs, IClassFixture<JwtNodeFixture>
{
    protected override Uri Server => fixture.Node.BaseUrl;
    protected override WireCaller Caller => JwtCallers.Of(fixture.Node.BaseUrl, fixture.Apim, camel: false)[0];
}
