using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Abaco.Cli.Commands;

/// <summary>
/// The fields of an actor description (original-abaco.md §1.3 #2) as options, and the JSON body they make. A
/// <c>--file</c> gives a whole description; options given beside it win.
/// </summary>
public sealed class ActorFields
{
    public Option<string?> Image { get; } = new("--image") { Description = "Docker image of the actor" };
    public Option<string?> Name { get; } = new("--name", "-n") { Description = "name (fixed at registration)" };
    public Option<string?> Description { get; } = new("--description", "-d") { Description = "free text" };
    public Option<string[]> Environment { get; } = new("--env", "-e") { Description = "default environment KEY=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
    public Option<bool> Stateful { get; } = new("--stateful") { Description = "keep state between executions (one worker only)" };
    public Option<bool> Privileged { get; } = new("--privileged") { Description = "privileged actor (needs the privileged role)" };
    public Option<bool> UseContainerUid { get; } = new("--use-container-uid") { Description = "run as the image's user" };
    public Option<bool> ActorToken { get; } = new("--actor-token") { Description = "give executions an access token (field 'token')" };
    public Option<string[]> Hints { get; } = new("--hint") { Description = "a hint (repeatable)" };
    public Option<string?> Link { get; } = new("--link") { Description = "actor id or alias that receives this actor's events" };
    public Option<string?> Webhook { get; } = new("--webhook") { Description = "URL that receives this actor's events" };
    public Option<string?> CronSchedule { get; } = new("--cron-schedule") { Description = "e.g. \"now + 1 hour\"" };
    public Option<bool> CronOn { get; } = new("--cron-on") { Description = "turn the cron schedule on (or off: --cron-on false)" };
    public Option<int?> MaxWorkers { get; } = new("--max-workers") { Description = "most workers at once" };
    public Option<string?> MemLimit { get; } = new("--mem-limit") { Description = "container memory, e.g. 512m" };
    public Option<long?> MaxCpus { get; } = new("--max-cpus") { Description = "container CPU limit in nano-CPUs" };
    public Option<string?> Queue { get; } = new("--queue") { Description = "spawner queue" };
    public Option<int?> LogEx { get; } = new("--log-ex") { Description = "seconds executions' logs are kept" };
    public Option<FileInfo?> File { get; } = new("--file", "-f") { Description = "a JSON actor description; options given beside it win" };

    public IEnumerable<Symbol> All =>
    [
        Image, Name, Description, Environment, Stateful, Privileged, UseContainerUid, ActorToken, Hints, Link, Webhook,
        CronSchedule, CronOn, MaxWorkers, MemLimit, MaxCpus, Queue, LogEx, File,
    ];

    /// <summary>The description: <paramref name="start"/> (or the file), then every option given.</summary>
    public JsonObject Body(Call c, JsonObject? start = null)
    {
        var body = FromFile(c) ?? start ?? [];
        Set(c, body, Image, "image");
        Set(c, body, Name, "name");
        Set(c, body, Description, "description");
        if (c.Parse.GetResult(Stateful) is not null) body[c.Field("stateless")] = !c.Value(Stateful);
        SetBool(c, body, Privileged, "privileged");
        SetBool(c, body, UseContainerUid, "use_container_uid");
        SetBool(c, body, ActorToken, "token");
        SetBool(c, body, CronOn, "cron_on");
        Set(c, body, Link, "link");
        Set(c, body, Webhook, "webhook");
        Set(c, body, CronSchedule, "cron_schedule");
        Set(c, body, MemLimit, "mem_limit");
        Set(c, body, Queue, "queue");
        if (c.Value(MaxWorkers) is { } maxWorkers) body[c.Field("max_workers")] = maxWorkers;
        if (c.Value(MaxCpus) is { } maxCpus) body[c.Field("max_cpus")] = maxCpus;
        if (c.Value(LogEx) is { } logEx) body[c.Field("log_ex")] = logEx;
        if (c.Value(Hints) is { Length: > 0 } hints) body["hints"] = new JsonArray(hints.Select(h => (JsonNode)h).ToArray());
        if (c.Value(Environment) is { Length: > 0 } pairs) body[c.Field("default_environment")] = Pairs(pairs, "--env");
        return body;
    }

    /// <summary><c>KEY=VALUE</c> words as a JSON object.</summary>
    public static JsonObject Pairs(IEnumerable<string> pairs, string option)
    {
        var obj = new JsonObject();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new CliUsageException($"{option} needs KEY=VALUE, not '{pair}'.");
            obj[pair[..equals]] = pair[(equals + 1)..];
        }
        return obj;
    }

    private JsonObject? FromFile(Call c)
    {
        if (c.Value(File) is not { } file) return null;
        try
        {
            return JsonNode.Parse(System.IO.File.ReadAllText(file.FullName)) as JsonObject
                   ?? throw new CliUsageException($"{file.Name} must hold a JSON object.");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot read the actor description {file.FullName}: {e.Message}");
        }
    }

    private static void Set(Call c, JsonObject body, Option<string?> option, string field)
    {
        if (c.Value(option) is { } value) body[c.Field(field)] = value;
    }

    private static void SetBool(Call c, JsonObject body, Option<bool> option, string field)
    {
        if (c.Parse.GetResult(option) is not null) body[c.Field(field)] = c.Value(option);
    }
}
