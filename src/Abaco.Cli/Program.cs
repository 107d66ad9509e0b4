using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using Abaco.Cli.Commands;

namespace Abaco.Cli;

/// <summary><c>abaco</c>: parses the command line with System.CommandLine and runs the command.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await RunAsync(args, CliEnvironment.Console(), cancel.Token);
    }

    /// <summary>The whole program with its outside world injected.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken ct = default)
    {
        var root = AbacoRoot.Build(environment);
        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = environment.Out, Error = environment.Err };
        // A bad command line exits 2 (System.CommandLine's own choice is 1, which here means "Abaco refused").
        var suggesting = root.Directives.OfType<SuggestDirective>().Any(d => parse.GetResult(d) is not null);
        if (parse.Errors.Count > 0 && !suggesting && parse.Action is not HelpAction)
        {
            foreach (var error in parse.Errors) await environment.Err.WriteLineAsync($"error: {error.Message}");
            await environment.Err.WriteLineAsync($"See '{Usage(parse)} --help'.");
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(invocation, ct);
        }
        finally
        {
            await environment.Out.FlushAsync(CancellationToken.None);
        }
    }

    private static string Usage(ParseResult parse)
    {
        var names = new List<string>();
        for (var command = parse.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, command.Command.Name);
        names[0] = "abaco";
        return string.Join(" ", names);
    }
}
