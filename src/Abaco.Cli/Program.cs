using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Abaco.Cli;

public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Abaco answered with an error, or the awaited execution ended in ERROR.</summary>
    public const int Error = 1;
    public const int Timeout = 2;
    public const int Unreachable = 3;
    /// <summary>EX_USAGE from sysexits.h.</summary>
    public const int Usage = 64;
}

/// <summary><c>abaco</c>: parses the command line, makes the call, prints the result.</summary>
public static class Program
{
    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        try
        {
            return await RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return 130;
        }
    }

    /// <summary>The whole program with its outside world injected: output writers and environment variables.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr,
        Func<string, string?> environment, CancellationToken ct = default, HttpMessageHandler? handler = null)
    {
        Invocation invocation;
        try
        {
            invocation = CommandLine.Parse(args, environment);
        }
        catch (CliUsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            await stderr.WriteAsync(CommandLine.Usage);
            return ExitCodes.Usage;
        }
        if (invocation.Command is ShowHelp)
        {
            await stdout.WriteAsync(CommandLine.Usage);
            return ExitCodes.Ok;
        }

        using var client = new AbacoClient(invocation.BaseUrl, invocation.Tenant, handler);
        try
        {
            return await ExecuteAsync(invocation.Command, client, stdout, stderr, ct);
        }
        catch (AbacoApiException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Error;
        }
        catch (AbacoUnreachableException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Unreachable;
        }
    }

    private static async Task<int> ExecuteAsync(CliCommand command, AbacoClient client, TextWriter stdout,
        TextWriter stderr, CancellationToken ct)
    {
        switch (command)
        {
            case GetLogs logs:
                return await PrintLogsAsync(await client.GetLogsAsync(logs.ActorId, logs.ExecutionId, ct), stdout);
            case WaitForExecution wait:
                return await WaitAsync(wait, client, stdout, stderr, ct);
        }

        var reply = command switch
        {
            ListActors => await client.ListActorsAsync(ct),
            CreateActor create => await client.CreateActorAsync(create, ct),
            GetActor get => await client.GetActorAsync(get.ActorId, ct),
            DeleteActor delete => await client.DeleteActorAsync(delete.ActorId, ct),
            SendMessage send => await client.SendMessageAsync(send.ActorId, send.Message, send.Json, ct),
            CountMessages count => await client.CountMessagesAsync(count.ActorId, ct),
            ListExecutions list => await client.ListExecutionsAsync(list.ActorId, ct),
            GetExecution get => await client.GetExecutionAsync(get.ActorId, get.ExecutionId, ct),
            ListWorkers list => await client.ListWorkersAsync(list.ActorId, ct),
            _ => throw new InvalidOperationException($"No handler for {command.GetType().Name}."),
        };
        // A call without a result (DELETE) is better told by its message than by "null".
        await stdout.WriteLineAsync(reply.Result is null ? reply.Message : reply.Result.ToJsonString(Pretty));
        return ExitCodes.Ok;
    }

    private static async Task<int> PrintLogsAsync(AbacoReply reply, TextWriter stdout)
    {
        if (reply.Result is not JsonObject result || result["logs"] is not JsonValue value
            || !value.TryGetValue<string>(out var logs))
            throw new AbacoApiException(200, $"unexpected logs answer: {reply.Result?.ToJsonString() ?? "null"}");
        await stdout.WriteAsync(logs);
        if (logs.Length > 0 && !logs.EndsWith('\n')) await stdout.WriteLineAsync();
        return ExitCodes.Ok;
    }

    /// <summary>Polls the execution until it is COMPLETE or ERROR, or the deadline passes.</summary>
    private static async Task<int> WaitAsync(WaitForExecution wait, AbacoClient client, TextWriter stdout,
        TextWriter stderr, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(wait.Timeout);
        string? status = null;
        try
        {
            while (true)
            {
                var reply = await client.GetExecutionAsync(wait.ActorId, wait.ExecutionId, deadline.Token);
                var execution = reply.Result as JsonObject;
                status = Text(execution?["status"]);
                switch (status)
                {
                    case "COMPLETE":
                        await stdout.WriteLineAsync(status);
                        return ExitCodes.Ok;
                    case "ERROR":
                        await stdout.WriteLineAsync(status);
                        var why = Text(execution?["status_message"]) ?? Text(execution?["statusMessage"]);
                        if (!string.IsNullOrWhiteSpace(why)) await stderr.WriteLineAsync($"error: {why}");
                        return ExitCodes.Error;
                    case null:
                        throw new AbacoApiException(200,
                            $"unexpected execution answer (no status): {reply.Result?.ToJsonString() ?? "null"}");
                }
                await Task.Delay(wait.Interval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync(
                $"error: execution {wait.ExecutionId} of actor {wait.ActorId} did not finish within " +
                $"{wait.Timeout.TotalSeconds:0.###} s (last status: {status ?? "unknown"}).");
            return ExitCodes.Timeout;
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
