namespace Abaco.Admin;

/// <summary><c>abaco-admin</c>: the cluster admin console's client.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var interrupts = new Interrupts();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            interrupts.Interrupt();
        };
        return await RunAsync(args, Console.In, Console.Out, Console.Error, Environment.GetEnvironmentVariable,
            !Console.IsInputRedirected, interrupts);
    }

    /// <summary>The whole program with its outside world injected.</summary>
    internal static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader stdin, TextWriter stdout,
        TextWriter stderr, Func<string, string?> environment, bool terminal, Interrupts interrupts)
    {
        Invocation invocation;
        try
        {
            invocation = AdminCommandLine.Parse(args, environment);
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            await stderr.WriteAsync(AdminCommandLine.Usage);
            return ExitCodes.Usage;
        }
        if (invocation.Help)
        {
            await stdout.WriteAsync(AdminCommandLine.Usage);
            return ExitCodes.Ok;
        }
        if (invocation.Call is null) return await Shell.RunAsync(invocation, stdin, stdout, stderr, terminal, interrupts);
        using var http = new AdminHttp(invocation);
        return await http.RunAsync(invocation.Call, invocation.Json, stdout, stderr, interrupts.Next());
    }
}
