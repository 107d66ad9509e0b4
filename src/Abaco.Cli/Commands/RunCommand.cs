using System.CommandLine;
using System.Text.Json.Nodes;
using Abaco.Cli.Http;

namespace Abaco.Cli.Commands;

/// <summary>
/// <c>abaco run IMAGE [MESSAGE]</c>: the one-liner. Registers an actor for the image (or reuses the one with that
/// image and name), sends the message, waits with a progress line on a terminal, then prints the logs and every
/// result, and exits with the container's exit code.
/// </summary>
public static class RunCommand
{
    public static Command Run(CommandKit kit)
    {
        var image = new Argument<string>("IMAGE") { Description = "Docker image of the actor" };
        var name = new Option<string?>("--name", "-n") { Description = "actor name (default: run-<image>); an actor with this image and name is reused" };
        var message = new MessageCommands.MessageOptions();
        var timeout = ExecutionCommands.TimeoutOption(300, "the execution to end");
        var interval = ExecutionCommands.IntervalOption();
        return kit.Make("run", "register (or reuse) an actor for IMAGE, send MESSAGE, wait, print logs and results",
            c => RunAsync(c, c.Value(image), c.Value(name) ?? DefaultName(c.Value(image)), message, c.Value(timeout), c.Value(interval)),
            [image, .. message.All, name, timeout, interval]);
    }

    /// <summary><c>abaco/test-busybox:1</c> → <c>run-abaco-test-busybox-1</c>.</summary>
    public static string DefaultName(string image) =>
        "run-" + string.Concat(image.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '-'));

    private static async Task<int> RunAsync(Call c, string image, string name, MessageCommands.MessageOptions message,
        double timeout, double interval)
    {
        var content = await message.ContentAsync(c);
        var actorId = await ActorForAsync(c, image, name);
        var sent = await c.Client.CallAsync(HttpMethod.Post, AbacoClient.Path("actors", actorId, "messages"), content, c.Cancel,
            message.Query(c));
        var executionId = sent.Result is JsonObject result
            ? ExecutionWatch.Text(result["execution_id"] ?? result["executionId"])
            : null;
        if (executionId is null) throw new AbacoApiException(502, $"unexpected answer to a message: {sent.Result?.ToJsonString() ?? "null"}");

        var watch = new ExecutionWatch(c, actorId, executionId, TimeSpan.FromSeconds(timeout), TimeSpan.FromSeconds(interval),
            report: c.Environment.ErrIsTerminal);
        var done = await watch.UntilDoneAsync();
        var logs = await ExecutionCommands.LogsAsync(c, actorId, executionId);
        await c.Out.WriteAsync(ExecutionWatch.Ended(logs));
        await PrintResultsAsync(c, actorId, executionId);

        if (ExecutionWatch.Text(done["status"]) == "ERROR")
        {
            if (ExecutionWatch.StatusMessage(done) is { } why)
                await c.Err.WriteLineAsync($"error: execution {executionId} ended in ERROR: {why}");
            return ExitCodes.ExecutionFailed;
        }
        return ExecutionWatch.ExitCode(done) is { } code ? code & 0xFF : ExitCodes.Ok;
    }

    /// <summary>The id of the tenant's actor with this image and name, registered first when there is none.</summary>
    private static async Task<string> ActorForAsync(Call c, string image, string name)
    {
        var actors = (await c.Client.GetAsync("/actors", c.Cancel)).Result as JsonArray ?? [];
        var existing = actors.OfType<JsonObject>().FirstOrDefault(a =>
            ExecutionWatch.Text(a["image"]) == image && ExecutionWatch.Text(a["name"]) == name);
        if (existing is not null && ExecutionWatch.Text(existing["id"]) is { } id)
        {
            await c.Err.WriteLineAsync($"using actor {id} ({name})");
            return id;
        }
        var created = await c.Client.PostAsync("/actors", new JsonObject { ["image"] = image, ["name"] = name }, c.Cancel);
        var newId = (created.Result as JsonObject) is { } actor ? ExecutionWatch.Text(actor["id"]) : null;
        if (newId is null) throw new AbacoApiException(502, $"unexpected answer to a registration: {created.Result?.ToJsonString() ?? "null"}");
        await c.Err.WriteLineAsync($"registered actor {newId} ({name})");
        return newId;
    }

    private static async Task PrintResultsAsync(Call c, string actorId, string executionId)
    {
        var path = AbacoClient.Path("actors", actorId, "executions", executionId, "results");
        while (await c.Client.RawAsync(HttpMethod.Get, path, null, c.Cancel) is { Length: > 0 } bytes)
            await c.WriteBytesAsync(bytes);
    }
}
