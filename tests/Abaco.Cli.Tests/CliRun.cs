namespace Abaco.Cli.Tests;

/// <summary>The outcome of one run of the program: exit code and everything it printed.</summary>
public sealed record CliRun(int Exit, string Out, string Err)
{
    /// <summary>Runs <c>abaco</c> in-process with its output captured and an environment of its own.</summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var exit = await Program.RunAsync(args, stdout, stderr,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null, deadline.Token);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(null, args);
}
