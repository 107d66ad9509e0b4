using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Cli.Http;

namespace Abaco.Cli.Commands;

/// <summary>The awaited execution did not finish within the deadline.</summary>
public sealed class WaitTimeoutException(string message) : Exception(message);

/// <summary>
/// Polls an execution until it ends (COMPLETE or ERROR), telling stderr how it goes: a live line on a terminal, one
/// line per status change otherwise, so a wait is never silent and never floods a log file.
/// </summary>
/// <param name="report">False: say nothing on stderr (when the poll itself prints, as <c>logs --follow</c> does, or
/// when <c>run</c> has no terminal to draw on).</param>
public sealed class ExecutionWatch(Call c, string actor, string executionId, TimeSpan timeout, TimeSpan interval,
    bool report = true)
{
    private static readonly string[] Spinner = ["|", "/", "-", "\\"];
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private string? _lastStatus;
    private int _ticks;

    public static bool IsFinal(string? status) => status is "COMPLETE" or "ERROR";

    /// <summary>The execution once it has ended.</summary>
    public async Task<JsonObject> UntilDoneAsync(Func<JsonObject, Task>? eachPoll = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(c.Cancel);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var execution = await GetAsync(deadline.Token);
                var status = Text(execution["status"]);
                if (eachPoll is not null) await eachPoll(execution);
                await ReportAsync(status);
                if (IsFinal(status)) return execution;
                await Task.Delay(interval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !c.Cancel.IsCancellationRequested)
        {
            await EndLineAsync();
            throw new WaitTimeoutException(
                $"execution {executionId} of actor {actor} did not finish within {timeout.TotalSeconds:0.###} s " +
                $"(last status: {_lastStatus ?? "unknown"}).");
        }
        catch (AbacoUnreachableException) when (deadline.IsCancellationRequested && !c.Cancel.IsCancellationRequested)
        {
            await EndLineAsync();
            throw new WaitTimeoutException(
                $"execution {executionId} of actor {actor} did not finish within {timeout.TotalSeconds:0.###} s.");
        }
    }

    public async Task<JsonObject> GetAsync(CancellationToken ct)
    {
        var reply = await c.Client.GetAsync(AbacoClient.Path("actors", actor, "executions", executionId), ct);
        return reply.Result is JsonObject execution && Text(execution["status"]) is not null
            ? execution
            : throw new AbacoApiException(502, $"unexpected execution answer (no status): {reply.Result?.ToJsonString() ?? "null"}");
    }

    private async Task ReportAsync(string? status)
    {
        var seconds = _elapsed.Elapsed.TotalSeconds;
        if (!report)
        {
        }
        else if (c.Environment.ErrIsTerminal)
        {
            var spin = IsFinal(status) ? " " : Spinner[_ticks++ % Spinner.Length];
            await c.Err.WriteAsync($"\r{spin} execution {executionId}: {status} ({seconds:0.0} s)  ");
            if (IsFinal(status)) await c.Err.WriteLineAsync();
        }
        else if (status != _lastStatus)
        {
            await c.Err.WriteLineAsync($"execution {executionId}: {status} ({seconds:0.0} s)");
        }
        _lastStatus = status;
    }

    private async Task EndLineAsync()
    {
        if (report && c.Environment.ErrIsTerminal && _lastStatus is not null) await c.Err.WriteLineAsync();
    }

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Why the execution ended in ERROR, when the node says.</summary>
    public static string? StatusMessage(JsonObject execution) =>
        Text(execution["status_message"] ?? execution["statusMessage"]) is { Length: > 0 } why ? why : null;

    /// <summary>Text ending with a line break, so the shell prompt starts on a line of its own.</summary>
    public static string Ended(string text) => text.Length > 0 && !text.EndsWith('\n') ? text + "\n" : text;

    /// <summary>The container's exit code when the execution has one (<c>undetermined</c> and absent are null).</summary>
    public static int? ExitCode(JsonObject execution)
    {
        var node = execution["exit_code"] ?? execution["exitCode"];
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number))
            return number;
        return int.TryParse(Text(node), out var parsed) ? parsed : null;
    }
}
