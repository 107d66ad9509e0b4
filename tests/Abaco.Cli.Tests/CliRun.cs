using System.Text;

namespace Abaco.Cli.Tests;

/// <summary>The outcome of one run of the program: exit code, the text it printed, and the raw bytes it wrote.</summary>
public sealed record CliRun(int Exit, string Out, string Err, byte[] Raw)
{
    /// <summary>
    /// Runs <c>abaco</c> in-process with its output captured, an environment of its own (nothing leaks in from the
    /// test process: no HOME, so no profile file unless the test names one) and output that is not a terminal.
    /// </summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, byte[]? stdin, bool terminal,
        params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var raw = new MemoryStream();
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        variables.TryAdd("ABACO_CONFIG", Path.Combine(Path.GetTempPath(), $"abaco-cli-none-{Guid.NewGuid():N}", "config"));
        var cli = new CliEnvironment(stdout, stderr, raw, () => new MemoryStream(stdin ?? []),
            name => variables.TryGetValue(name, out var value) ? value : null, terminal, terminal);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(300));
        var exit = await Program.RunAsync(args, cli, deadline.Token);
        return new CliRun(exit, stdout.ToString(), stderr.ToString(), raw.ToArray());
    }

    public static Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(environment, null, false, args);

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(null, null, false, args);

    public string RawText => Encoding.UTF8.GetString(Raw);

    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}
