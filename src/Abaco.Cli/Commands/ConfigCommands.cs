using System.CommandLine;
using System.Text.Json.Nodes;
using Abaco.Cli.Http;

namespace Abaco.Cli.Commands;

/// <summary>
/// <c>abaco configs ...</c>: named values given to the containers of the actors they name; with <c>--secret</c>
/// stored encrypted (original-abaco.md §1.9).
/// </summary>
public static class ConfigCommands
{
    public static Command Configs(CommandKit kit)
    {
        var name = new Argument<string>("NAME") { Description = "config name" };
        var value = new Argument<string>("VALUE") { Description = "the value" };
        var actors = new Option<string[]>("--actors", "-a") { Description = "actor ids or aliases that get it (repeatable or comma-separated)", Required = true, AllowMultipleArgumentsPerToken = true };
        var secret = new Option<bool>("--secret") { Description = "store it encrypted (a secret)" };
        JsonObject Body(Call c) => new()
        {
            ["name"] = c.Value(name),
            ["value"] = c.Value(value),
            [c.Field("is_secret")] = c.Value(secret),
            ["actors"] = string.Join(",", c.Value(actors).SelectMany(a => a.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))),
        };
        string Path(Call c) => AbacoClient.Path("actors", "configs", c.Value(name));
        return kit.Group("configs", "configs and secrets given to actors' containers",
            kit.Show("list", "the tenant's configs", c => c.Client.GetAsync("/actors/configs", c.Cancel), ["name", "is_secret", "actors", "value"]),
            kit.Show("get", "show one config", c => c.Client.GetAsync(Path(c), c.Cancel), null, name),
            kit.Show("create", "create a config (a secret with --secret)", c => c.Client.PostAsync("/actors/configs", Body(c), c.Cancel), null,
                name, value, actors, secret),
            kit.Show("update", "replace a config", c => c.Client.PutAsync(Path(c), Body(c), c.Cancel), null, name, value, actors, secret),
            kit.Show("delete", "delete a config", c => c.Client.DeleteAsync(Path(c), c.Cancel), null, name));
    }
}
