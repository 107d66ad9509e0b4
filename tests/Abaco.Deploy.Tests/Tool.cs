using System.Diagnostics;
using System.Text;
using Abaco.Testing;

namespace Abaco.Deploy.Tests;

/// <summary>What a command printed (stdout and stderr interleaved) and how it ended.</summary>
public sealed record ToolRun(string Command, int ExitCode, string Output)
{
    /// <summary>The run, asserting it succeeded (the failure names the command and shows its output).</summary>
    public ToolRun Succeeded() => ExitCode == 0
        ? this
        : throw new Xunit.Sdk.XunitException($"`{Command}` exited with {ExitCode}:\n{Output}");
}

/// <summary>
/// The command-line tools an operator runs (bash scripts, docker, docker-compose, kubectl, ansible), run from the
/// repository root with a deadline: a command still running at its deadline is killed with its children.
/// </summary>
public static class Tool
{
    public static async Task<ToolRun> RunAsync(string file, IEnumerable<string> args, TimeSpan deadline,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AbacoNode.RepoRoot,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var command = string.Join(' ', [file, .. info.ArgumentList]);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(deadline);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"`{command}` did not finish within {deadline.TotalSeconds:0} s:\n{Text(output)}");
        }
        // The asynchronous readers may still hold the last lines: WaitForExit() without a timeout drains them.
        process.WaitForExit();
        return new ToolRun(command, process.ExitCode, Text(output));
    }

    /// <summary>A script of the repository through bash (the scripts need not be executable in a checkout).</summary>
    public static Task<ToolRun> ScriptAsync(string script, IEnumerable<string> args, TimeSpan deadline,
        IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync("bash", [script, .. args], deadline, environment);

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString();
    }
}
