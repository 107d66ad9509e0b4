using System.Text.Json.Nodes;

namespace Abaco.Cli.Tests;

/// <summary>The CLI against a node that wants credentials: a JWT from the environment or a profile, or a nonce.</summary>
public sealed class JwtNodeSpecs(CliJwtNodeFixture node) : IClassFixture<CliJwtNodeFixture>
{
    private Dictionary<string, string> AsUser(string user) =>
        node.Environment(("ABACO_TENANT", CliJwtNodeFixture.Tenant), ("ABACO_JWT", node.UserJwt(user)));

    private static JsonObject Json(CliRun run)
    {
        Assert.True(run.Exit == ExitCodes.Ok, run.ToString());
        return Assert.IsType<JsonObject>(JsonNode.Parse(run.Out));
    }

    [Fact]
    public async Task Without_a_credential_the_node_refuses_and_the_cli_exits_1_with_its_reason()
    {
        var run = await CliRun.RunAsync(node.Environment(), "actors", "list");

        Assert.Equal(ExitCodes.Refused, run.Exit);
        Assert.Contains("No JWT or nonce provided", run.Err);
    }

    [Fact]
    public async Task A_jwt_from_the_environment_acts_as_its_user()
    {
        var created = Json(await CliRun.RunAsync(AsUser("alice"), "actors", "create", "--image", "abaco/test-busybox"));
        var mine = await CliRun.RunAsync(AsUser("alice"), "actors", "list");
        var theirs = await CliRun.RunAsync(AsUser("bob"), "actors", "get", created["id"]!.GetValue<string>());

        Assert.Equal("alice", created["owner"]!.GetValue<string>());
        Assert.Contains(created["id"]!.GetValue<string>(), mine.Out);
        Assert.Equal(ExitCodes.Refused, theirs.Exit);
    }

    [Fact]
    public async Task A_profile_holds_the_jwt_and_a_nonce_lets_someone_without_one_send_but_not_delete()
    {
        var config = Path.Combine(Directory.CreateTempSubdirectory("abaco-cli-jwt-").FullName, "config");
        try
        {
            var withProfile = new Dictionary<string, string> { ["ABACO_CONFIG"] = config };
            Assert.Equal(0, (await CliRun.RunAsync(withProfile, "profile", "add", "carol", "--url", node.Node.BaseUrl.AbsoluteUri,
                "--tenant", CliJwtNodeFixture.Tenant, "--jwt", node.UserJwt("carol"))).Exit);
            var actor = Json(await CliRun.RunAsync(withProfile, "actors", "create", "--image", "abaco/test-busybox"))["id"]!.GetValue<string>();
            var nonce = Json(await CliRun.RunAsync(withProfile, "nonces", "create", actor, "--level", "EXECUTE"))["id"]!.GetValue<string>();

            var holder = node.Environment(("ABACO_NONCE", nonce));
            var sent = await CliRun.RunAsync(holder, "messages", "send", actor, "from a nonce holder");
            var deleted = await CliRun.RunAsync(holder, "actors", "delete", actor);

            Assert.True(sent.Exit == ExitCodes.Ok, sent.ToString());
            Assert.Equal(ExitCodes.Refused, deleted.Exit);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
        }
    }
}
