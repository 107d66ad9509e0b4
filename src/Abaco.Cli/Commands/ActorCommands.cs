using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Cli.Http;

namespace Abaco.Cli.Commands;

/// <summary><c>abaco actors ...</c> and <c>abaco state ...</c>.</summary>
public static class ActorCommands
{
    public static readonly string[] Columns = ["id", "name", "image", "status", "owner", "stateless", "create_time"];

    /// <summary>The fields a PUT may carry (original-abaco.md §1.3 #4; the name never changes).</summary>
    private static readonly string[] Replaceable =
    [
        "image", "description", "default_environment", "stateless", "privileged", "use_container_uid", "token",
        "hints", "link", "webhook", "cron_schedule", "cron_on", "max_workers", "mem_limit", "max_cpus", "queue", "log_ex",
    ];

    public static Argument<string> ActorArgument() => new("ACTOR") { Description = "actor id or alias" };

    public static Command Actors(CommandKit kit)
    {
        var actor = ActorArgument();
        var create = new ActorFields();
        var update = new ActorFields();
        var force = new Option<bool>("--force") { Description = "restart the workers even if the image did not change" };
        var replace = new Option<bool>("--replace") { Description = "send only the given fields (omitted ones go back to their defaults)" };

        var list = kit.Show("list", "list the actors you can read", c => c.Client.GetAsync("/actors", c.Cancel), Columns);
        list.Aliases.Add("ls");
        var delete = kit.Show("delete", "delete an actor (its workers stop, queued messages end in ERROR)",
            c => c.Client.DeleteAsync(AbacoClient.Path("actors", c.Value(actor)), c.Cancel), null, actor);
        delete.Aliases.Add("rm");
        return kit.Group("actors", "register, show, change and delete actors",
            list,
            kit.Show("get", "show one actor", c => c.Client.GetAsync(AbacoClient.Path("actors", c.Value(actor)), c.Cancel), null, actor),
            kit.Show("create", "register an actor (--image, or --file with a description)", c => CreateAsync(c, create), null,
                create.All.ToArray()),
            kit.Show("update", "change an actor: the given fields replace the current ones", c => UpdateAsync(c, actor, update, force, replace), null,
                [actor, force, replace, .. update.All]),
            delete);
    }

    public static Command State(CommandKit kit)
    {
        var actor = ActorArgument();
        var value = new Argument<string>("JSON") { Description = "the new state, any JSON value" };
        return kit.Group("state", "the state of a stateful actor",
            kit.Show("get", "print the actor's state",
                c => c.Client.GetAsync(AbacoClient.Path("actors", c.Value(actor), "state"), c.Cancel), null, actor),
            kit.Show("set", "replace the actor's state with a JSON value",
                c => c.Client.CallAsync(HttpMethod.Post, AbacoClient.Path("actors", c.Value(actor), "state"),
                    AbacoClient.Json(RequireJson(c.Value(value), "JSON")), c.Cancel), null, actor, value));
    }

    private static Task<AbacoReply> CreateAsync(Call c, ActorFields fields)
    {
        var body = fields.Body(c);
        if (!body.ContainsKey("image")) throw new CliUsageException("'actors create' needs --image IMAGE (or --file with an image).");
        return c.Client.PostAsync("/actors", body, c.Cancel);
    }

    /// <summary>
    /// A PUT replaces the whole description (omitted fields go back to defaults), which is rarely what a person
    /// changing one field means; so unless <c>--replace</c>, the current description is the starting point.
    /// </summary>
    private static async Task<AbacoReply> UpdateAsync(Call c, Argument<string> actor, ActorFields fields, Option<bool> force,
        Option<bool> replace)
    {
        var path = AbacoClient.Path("actors", c.Value(actor));
        JsonObject? current = null;
        if (!c.Value(replace))
        {
            var shown = (await c.Client.GetAsync(path, c.Cancel)).Result as JsonObject ?? [];
            current = [];
            foreach (var field in Replaceable.Select(c.Field))
                if (shown[field] is { } known && known.GetValueKind() != JsonValueKind.Null) current[field] = known.DeepClone();
        }
        var body = fields.Body(c, current);
        if (c.Value(force)) body["force"] = true;
        if (!body.ContainsKey("image")) throw new CliUsageException("'actors update --replace' needs --image IMAGE.");
        return await c.Client.PutAsync(path, body, c.Cancel);
    }

    public static JsonNode RequireJson(string text, string what)
    {
        try
        {
            return JsonNode.Parse(text) ?? throw new CliUsageException($"{what} must not be JSON null.");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"{what} must be a JSON document ({e.Message}).");
        }
    }
}
