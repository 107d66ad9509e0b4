using System.Text.Json.Nodes;

namespace Abaco.Cli.Tests;

/// <summary>With <c>--case camel</c> (or ABACO_CASE) the CLI writes the field names a camel-case node reads.</summary>
public sealed class CamelNodeSpecs(CliCamelNodeFixture node) : IClassFixture<CliCamelNodeFixture>
{
    private Task<CliRun> Abaco(params string[] args) => CliRun.RunAsync(node.Environment(("ABACO_CASE", "camel")), args);

    private static JsonObject Json(CliRun run)
    {
        Assert.True(run.Exit == ExitCodes.Ok, run.ToString());
        return Assert.IsType<JsonObject>(JsonNode.Parse(run.Out));
    }

    [Fact]
    public async Task Multi_word_fields_reach_a_camel_case_node_and_an_update_keeps_them()
    {
        var created = Json(await Abaco("actors", "create", "--image", "abaco/test-busybox", "--env", "K=V", "--max-workers", "2"));
        var id = created["id"]!.GetValue<string>();
        var updated = Json(await Abaco("actors", "update", id, "--description", "changed"));
        var nonce = Json(await Abaco("nonces", "create", id, "--max-uses", "4"));

        Assert.Equal(("V", 2), (created["defaultEnvironment"]!["K"]!.GetValue<string>(), created["maxWorkers"]!.GetValue<int>()));
        Assert.Equal(("changed", "V", 2),
            (updated["description"]!.GetValue<string>(), updated["defaultEnvironment"]!["K"]!.GetValue<string>(), updated["maxWorkers"]!.GetValue<int>()));
        Assert.Equal(4, nonce["maxUses"]!.GetValue<int>());
    }
}
