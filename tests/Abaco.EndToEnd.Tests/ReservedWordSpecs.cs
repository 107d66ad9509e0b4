using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// Route words and names are one thing to the router and the access control: a word after <c>/actors/</c> in any
/// case or encoding reaches the route of that word, which is the family the access control checked, and an alias or
/// config cannot be named like a route word in any case or spelling. Asked by plain users of a jwt node, who must
/// see no admin view, no worker count and no other user's actor through any spelling.
/// </summary>
public sealed class ReservedWordSpecs(JwtNodeFixture fixture) : IClassFixture<JwtNodeFixture>
{
    private const string AdminRequired = "Abaco Admin role required.";

    private static readonly string[] AliasWords =
        ["executions", "nonces", "logs", "messages", "adapters", "admin", "utilization", "search", "configs", "aliases"];

    private static readonly string[] ConfigWords = ["executions", "nonces", "logs", "messages", "adapters", "admin", "utilization"];

    private WireCaller Owner => Plain("rw-owner");
    private WireCaller Stranger => Plain("rw-stranger");

    private WireCaller Plain(string user) => new(fixture.Node.BaseUrl, camel: false,
        new KeyValuePair<string, string>(TestJwt.HeaderName(JwtNodeFixture.Tenant),
            fixture.Apim.Wso2(user, $"{TestJwt.Roles.User},{TestJwt.Roles.Everyone}", DateTimeOffset.UtcNow.AddHours(1))));

    /// <summary>A word as clients, fronts and attackers may spell it in a name or a path segment.</summary>
    private static IEnumerable<string> Spellings(string word) =>
    [
        word.ToUpperInvariant(),
        char.ToUpperInvariant(word[0]) + word[1..],
        string.Concat(word.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c)),
    ];

    /// <summary>The same word escaped so that only a decoding reader sees it: every letter, or the first one.</summary>
    private static IEnumerable<string> Encodings(string word) =>
    [
        string.Concat(word.Select(c => $"%{(int)c:X2}")),
        $"%{(int)char.ToUpperInvariant(word[0]):x2}{word[1..]}",
    ];

    [Fact(DisplayName = "Reserved words: no alias differs from a route word only by case, encoding or slashes")]
    public async Task Aliases_refused()
    {
        var actor = await Owner.CreateActorAsync("rw-alias-target");
        foreach (var word in AliasWords)
        {
            foreach (var name in Spellings(word).Append(word))
            {
                var answer = await Owner.PostJsonAsync("/actors/aliases", new Dictionary<string, string> { ["alias"] = name, ["actor_id"] = actor });
                Assert.True(answer.Status == 400, $"alias {name}: {answer}");
                Assert.StartsWith($"{name} is a reserved word. The following reserved words cannot be used for an alias: [", answer.Message);
            }
            foreach (var name in Encodings(word).Concat([word + "/", "/" + word, word + "//"]))
            {
                var answer = await Owner.PostJsonAsync("/actors/aliases", new Dictionary<string, string> { ["alias"] = name, ["actor_id"] = actor });
                Assert.True(answer.Status == 400, $"alias {name}: {answer}");
                Assert.Contains("is a forbidden character", answer.Message);
            }
        }

        var aliases = await Owner.GetAsync("/actors/aliases");
        Assert.Equal(200, aliases.Status);
        Assert.DoesNotContain(aliases.Result.EnumerateArray(), a => a.GetProperty("actor_id").GetString() == actor);
    }

    [Fact(DisplayName = "Reserved words: config names are refused in any case")]
    public async Task Configs_refused()
    {
        var actor = await Owner.CreateActorAsync("rw-config-target");
        foreach (var name in ConfigWords.SelectMany(w => Spellings(w).Append(w)))
        {
            var answer = await Owner.PostJsonAsync("/actors/configs",
                new Dictionary<string, object> { ["name"] = name, ["value"] = "v", ["is_secret"] = false, ["actors"] = actor });
            Assert.True(answer.Status == 400, $"config {name}: {answer}");
            Assert.StartsWith($"{name} is a reserved word.", answer.Message);
        }
    }

    [Fact(DisplayName = "Reserved words in a path: every spelling reaches the route of the word, checked as that route")]
    public async Task Paths_route_as_the_word()
    {
        var mine = await Owner.CreateActorAsync("rw-owned");
        await Stranger.CreateActorAsync("rw-strangers");
        var failures = new List<string>();

        foreach (var (word, rest) in new[]
                 {
                     ("admin", ""), ("admin", "/workers"), ("admin", "/executions"), ("search", "/actors"),
                     ("search", "/workers"), ("search", "/executions"), ("utilization", ""), ("configs", ""), ("aliases", ""),
                 })
        {
            var canonical = $"/actors/{word}{rest}";
            var expected = await Stranger.GetAsync(canonical);
            Assert.True(expected.Status is not (404 or 405) and < 500, $"{canonical}: {expected}");
            var targets = Spellings(word).Concat(Encodings(word))
                .Select(w => $"/actors/{w}{rest}")
                .Concat([canonical + "/", "/" + canonical.Replace("/", "//") + "//"]);
            foreach (var target in targets)
            {
                var answer = await Stranger.GetAsync(target);
                if (answer.Status != expected.Status || answer.Message != expected.Message)
                    failures.Add($"GET {target}: {answer}\n  {canonical}: {expected}");
                if (word == "admin" && answer.Message != AdminRequired) failures.Add($"GET {target} reached an admin view: {answer}");
                if (answer.Body.Contains(mine, StringComparison.Ordinal)) failures.Add($"GET {target} shows another user's actor: {answer}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory(DisplayName = "Paths two readers could read differently are refused before routing")]
    [InlineData("/actors/{id}/%2e%2e/admin/workers")]
    [InlineData("/actors/{id}/../admin")]
    [InlineData("/actors/./admin")]
    [InlineData("/actors/aliases%2F{id}")]
    [InlineData("/actors/{id}%2Fmessages")]
    [InlineData("/actors/%FF")]
    [InlineData("/actors/{id}%1F")]
    public async Task Ambiguous_paths_refused(string template)
    {
        var id = await Owner.CreateActorAsync("rw-ambiguous");

        var answer = await Owner.GetAsync(template.Replace("{id}", id));

        Assert.True(answer.Status == 400, answer.ToString());
        Assert.StartsWith("Invalid request: the path", answer.Message);
    }
}
