namespace Abaco.Admin;

/// <summary>
/// <c>abaco-admin HOST:PORT</c> alone: one verb per line, against the same node. On a terminal, with a prompt,
/// completion and history; otherwise it reads lines from stdin (scripts, tests). Ctrl+C stops the running verb (a
/// tail), not the shell. Exits with 0 when every line worked, else with the code of the last line that failed.
/// </summary>
internal static class Shell
{
    public static async Task<int> RunAsync(Invocation invocation, TextReader stdin, TextWriter stdout, TextWriter stderr,
        bool terminal, Interrupts interrupts)
    {
        using var http = new AdminHttp(invocation);
        var editor = terminal ? new LineEditor() : null;
        var prompt = $"abaco-admin {invocation.Endpoint}> ";
        if (terminal) await stdout.WriteLineAsync($"Connected to {invocation.Endpoint}; 'help' lists the verbs, Tab completes, 'exit' quits.");
        var result = ExitCodes.Ok;
        while ((editor is not null ? editor.ReadLine(prompt) : await stdin.ReadLineAsync()) is { } line)
        {
            List<string> words;
            try
            {
                words = AdminCommandLine.Split(line);
                if (words.Count == 0) continue;
                if (words[0] is "exit" or "quit") break;
                if (words[0] is "help" or "?")
                {
                    await stdout.WriteAsync(AdminCommandLine.Usage);
                    continue;
                }
                // --json may end any line, as on the command line.
                var json = invocation.Json || words.Remove("--json");
                var call = AdminCommandLine.ParseVerb(words);
                var code = await http.RunAsync(call, json, stdout, stderr, interrupts.Next());
                if (code != ExitCodes.Ok) result = code;
            }
            catch (UsageException e)
            {
                await stderr.WriteLineAsync($"error: {e.Message}");
                result = ExitCodes.Usage;
            }
        }
        return result;
    }
}

/// <summary>Ctrl+C cancels the verb running now; each verb gets a fresh token.</summary>
internal sealed class Interrupts
{
    private CancellationTokenSource _current = new();

    public CancellationToken Next()
    {
        if (_current.IsCancellationRequested) _current = new CancellationTokenSource();
        return _current.Token;
    }

    public void Interrupt() => _current.Cancel();
}
