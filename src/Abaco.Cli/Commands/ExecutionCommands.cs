using System.CommandLine;
using System.Text.Json.Nodes;
using Abaco.Cli.Http;

namespace Abaco.Cli.Commands;

/// <summary>
/// <c>abaco executions list|get|halt</c>, <c>logs</c>, <c>results</c> and <c>wait</c> (original-abaco.md §1.4).
/// </summary>
public static class ExecutionCommands
{
    public static readonly string[] Columns = ["id", "status", "message_received_time", "start_time", "finish_time"];

    public static Argument<string> ExecutionArgument() => new("EXECUTION") { Description = "execution id" };

    public static Option<double> TimeoutOption(double seconds, string what) => new("--timeout", "-t")
    {
        Description = $"seconds to wait for {what}",
        DefaultValueFactory = _ => seconds,
        Validators = { r => { if (r.GetValueOrDefault<double>() is <= 0 or > 86_400) r.AddError("--timeout must be between 0 and 86400 seconds."); } },
    };

    public static Option<double> IntervalOption() => new("--interval")
    {
        Description = "seconds between two looks",
        DefaultValueFactory = _ => 1,
        Validators = { r => { if (r.GetValueOrDefault<double>() is < 0.05 or > 3600) r.AddError("--interval must be between 0.05 and 3600 seconds."); } },
    };

    public static Command Executions(CommandKit kit)
    {
        var actor = ActorCommands.ActorArgument();
        var execution = ExecutionArgument();
        return kit.Group("executions", "an actor's executions",
            Alias(kit.Show("list", "list an actor's executions, with totals",
                c => c.Client.GetAsync(AbacoClient.Path("actors", c.Value(actor), "executions"), c.Cancel), Columns, actor), "ls"),
            kit.Show("get", "show one execution",
                c => c.Client.GetAsync(ExecutionPath(c, actor, execution), c.Cancel), null, actor, execution),
            kit.Show("halt", "stop a RUNNING execution (it ends COMPLETE with its logs)",
                c => c.Client.DeleteAsync(ExecutionPath(c, actor, execution), c.Cancel), null, actor, execution));
    }

    public static Command Logs(CommandKit kit)
    {
        var actor = ActorCommands.ActorArgument();
        var execution = ExecutionArgument();
        var follow = new Option<bool>("--follow", "-f") { Description = "keep printing new output until the execution ends" };
        var timeout = TimeoutOption(3600, "the end with --follow");
        var interval = IntervalOption();
        return kit.Make("logs", "print an execution's logs (also while it runs)", async c =>
        {
            var (a, e) = (c.Value(actor), c.Value(execution));
            if (!c.Value(follow))
            {
                await c.Out.WriteAsync(ExecutionWatch.Ended(await LogsAsync(c, a, e)));
                return ExitCodes.Ok;
            }
            var printed = 0;
            var watch = new ExecutionWatch(c, a, e, TimeSpan.FromSeconds(c.Value(timeout)), TimeSpan.FromSeconds(c.Value(interval)), report: false);
            var done = await watch.UntilDoneAsync(async _ => printed = await PrintNewAsync(c, await LogsAsync(c, a, e), printed));
            // The read after the end is the final word (the worker stores the rest as the container exits).
            await PrintNewAsync(c, await LogsAsync(c, a, e), printed, end: true);
            return ExecutionWatch.Text(done["status"]) == "ERROR" ? ExitCodes.ExecutionFailed : ExitCodes.Ok;
        }, actor, execution, follow, timeout, interval);
    }

    public static Command Results(CommandKit kit)
    {
        var actor = ActorCommands.ActorArgument();
        var execution = ExecutionArgument();
        var all = new Option<bool>("--all") { Description = "take every waiting result, not just the next one" };
        return kit.Make("results", "take the execution's next result (reading removes it) and write its bytes", async c =>
        {
            var path = ExecutionPath(c, actor, execution) + "/results";
            while (true)
            {
                var bytes = await c.Client.RawAsync(HttpMethod.Get, path, null, c.Cancel);
                if (bytes.Length == 0) return ExitCodes.Ok;
                await c.WriteBytesAsync(bytes);
                if (!c.Value(all)) return ExitCodes.Ok;
            }
        }, actor, execution, all);
    }

    public static Command Wait(CommandKit kit)
    {
        var actor = ActorCommands.ActorArgument();
        var execution = ExecutionArgument();
        var timeout = TimeoutOption(300, "the execution to end");
        var interval = IntervalOption();
        return kit.Make("wait", "wait until an execution is COMPLETE or ERROR and print that status", async c =>
        {
            var watch = new ExecutionWatch(c, c.Value(actor), c.Value(execution), TimeSpan.FromSeconds(c.Value(timeout)),
                TimeSpan.FromSeconds(c.Value(interval)));
            var done = await watch.UntilDoneAsync();
            var status = ExecutionWatch.Text(done["status"]);
            await c.Out.WriteLineAsync(status);
            if (status == "COMPLETE") return ExitCodes.Ok;
            if (ExecutionWatch.StatusMessage(done) is { } why)
                await c.Err.WriteLineAsync($"error: {why}");
            return ExitCodes.ExecutionFailed;
        }, actor, execution, timeout, interval);
    }

    public static async Task<string> LogsAsync(Call c, string actor, string executionId)
    {
        var reply = await c.Client.GetAsync(AbacoClient.Path("actors", actor, "executions", executionId, "logs"), c.Cancel);
        return reply.Result is JsonObject result && ExecutionWatch.Text(result["logs"]) is { } logs
            ? logs
            : throw new AbacoApiException(502, $"unexpected logs answer: {reply.Result?.ToJsonString() ?? "null"}");
    }

    /// <summary>Prints what is new in the logs since <paramref name="printed"/> characters; returns the new count.</summary>
    private static async Task<int> PrintNewAsync(Call c, string logs, int printed, bool end = false)
    {
        if (logs.Length > printed) await c.Out.WriteAsync(end ? ExecutionWatch.Ended(logs[printed..]) : logs[printed..]);
        else if (end && printed > 0 && logs.Length == printed && !logs.EndsWith('\n')) await c.Out.WriteLineAsync();
        await c.Out.FlushAsync(c.Cancel);
        return Math.Max(printed, logs.Length);
    }

    private static string ExecutionPath(Call c, Argument<string> actor, Argument<string> execution) =>
        AbacoClient.Path("actors", c.Value(actor), "executions", c.Value(execution));

    private static Command Alias(Command command, string alias)
    {
        command.Aliases.Add(alias);
        return command;
    }
}
