using System.CommandLine;
using Abaco.Cli.Http;

namespace Abaco.Cli.Commands;

/// <summary>
/// Builds commands whose actions share one way of failing: a message on stderr and an exit code from
/// <see cref="ExitCodes"/>.
/// </summary>
public sealed class CommandKit(GlobalOptions globals, CliEnvironment environment)
{
    public GlobalOptions Globals => globals;
    public CliEnvironment Environment => environment;

    public Command Group(string name, string description, params Command[] commands)
    {
        var group = new Command(name, description);
        foreach (var command in commands) group.Subcommands.Add(command);
        return group;
    }

    /// <summary>A command with arguments and options whose action is <paramref name="run"/>.</summary>
    public Command Make(string name, string description, Func<Call, Task<int>> run, params Symbol[] symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument: command.Arguments.Add(argument); break;
                case Option option: command.Options.Add(option); break;
                default: throw new ArgumentException($"Not an argument or option: {symbol.Name}");
            }
        }
        command.SetAction((parse, ct) => RunAsync(parse, run, ct));
        return command;
    }

    /// <summary>A command that prints the result of one call.</summary>
    public Command Show(string name, string description, Func<Call, Task<AbacoReply>> call, IReadOnlyList<string>? columns,
        params Symbol[] symbols) =>
        Make(name, description, async c =>
        {
            await c.PrintAsync(await call(c), columns);
            return ExitCodes.Ok;
        }, symbols);

    private async Task<int> RunAsync(ParseResult parse, Func<Call, Task<int>> run, CancellationToken ct)
    {
        using var call = new Call(parse, globals, environment, ct);
        try
        {
            return await run(call);
        }
        catch (CliUsageException e)
        {
            await environment.Err.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (AbacoApiException e)
        {
            await environment.Err.WriteLineAsync($"error: {e.Message} (HTTP {e.StatusCode})");
            return e.IsRefusal ? ExitCodes.Refused : ExitCodes.Unreachable;
        }
        catch (AbacoUnreachableException e)
        {
            await environment.Err.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (WaitTimeoutException e)
        {
            await environment.Err.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Timeout;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
