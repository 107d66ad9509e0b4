using System.Diagnostics;
using Abaco.Testing.Servers;

namespace Abaco.Node.Tests;

/// <summary>The built node, run as a child process: a bad configuration stops it at once, naming the key.</summary>
public sealed class StartupSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("abaco-node-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Abaco.Node.dll copied next to this assembly by the project reference, else the Node project's output.</summary>
    private static string NodeDll()
    {
        var here = AppContext.BaseDirectory;
        var copied = Path.Combine(here, "Abaco.Node.dll");
        if (File.Exists(copied) && File.Exists(Path.Combine(here, "Abaco.Node.runtimeconfig.json"))) return copied;

        var framework = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var root = framework;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Abaco.sln"))) root = root.Parent;
        Assert.NotNull(root);
        var built = Path.Combine(root.FullName, "src", "Abaco.Node", "bin", configuration, framework.Name, "Abaco.Node.dll");
        Assert.True(File.Exists(built), $"Abaco.Node.dll is neither in {here} nor at {built}");
        return built;
    }

    private static async Task<(int Exit, string Out, string Err)> RunNodeAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(NodeDll());
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Only this test's configuration: no overlay or overrides from the environment the tests run in.
        foreach (var name in start.Environment.Keys.ToList())
            if (name.StartsWith("ABACO", StringComparison.OrdinalIgnoreCase)) start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Abaco.Node {string.Join(' ', args)} did not exit within 60 s; it printed: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact(DisplayName = "A config file with abaco.web.case = kebab stops the node with exit code 2, naming the key")]
    public async Task InvalidConfigFile()
    {
        var config = Path.Combine(_dir, "bad.hocon");
        await File.WriteAllTextAsync(config, "abaco.web.case = kebab\n");

        var (exit, _, err) = await RunNodeAsync(["--config", config]);

        Assert.Equal(2, exit);
        Assert.Contains("Abaco cannot start:", err);
        Assert.Contains("abaco.web.case", err);
        Assert.Contains("kebab", err);
    }

    [Fact(DisplayName = "A bad value from an environment variable stops the node the same way")]
    public async Task InvalidEnvironmentOverride()
    {
        var (exit, _, err) = await RunNodeAsync([], new Dictionary<string, string> { ["ABACO__web__case"] = "kebab" });

        Assert.Equal(2, exit);
        Assert.Contains("Abaco cannot start:", err);
        Assert.Contains("abaco.web.case", err);
    }

    [Fact(DisplayName = "An unknown argument stops the node with exit code 2 and the usage")]
    public async Task UnknownArgument()
    {
        var (exit, _, err) = await RunNodeAsync(["--bogus"]);

        Assert.Equal(2, exit);
        Assert.Contains("Abaco cannot start: Unknown argument '--bogus'.", err);
        Assert.Contains(NodeArguments.Usage, err);
    }

    [Fact(DisplayName = "An unknown role in --roles stops the node with exit code 2, naming it")]
    public async Task UnknownRole()
    {
        var (exit, _, err) = await RunNodeAsync(["--roles", "api,kore"]);

        Assert.Equal(2, exit);
        Assert.Contains("Abaco cannot start: --roles: unknown role 'kore'", err);
    }

    [Fact(DisplayName = "A node whose PostgreSQL cannot be reached stops at once with exit code 4, naming the server")]
    public async Task UnreachablePostgres()
    {
        var port = ClosedPort();

        var (exit, _, err) = await RunNodeAsync([], new Dictionary<string, string>
        {
            ["node_roles"] = "api,core",
            ["store_backend"] = "postgres",
            ["store_postgres_connection"] = $"Host=127.0.0.1;Port={port};Username=abaco;Database=abaco;Timeout=3",
        });

        Assert.Equal(4, exit);
        Assert.Contains("Abaco cannot start:", err);
        Assert.Contains("PostgreSQL", err);
        Assert.Contains($"127.0.0.1:{port}", err);
    }

    [Fact(DisplayName = "A node whose Redis cannot be reached stops at once with exit code 4, naming the server")]
    public async Task UnreachableRedis()
    {
        var postgres = await SharedServers.Postgres;
        var port = ClosedPort();

        var (exit, _, err) = await RunNodeAsync([], new Dictionary<string, string>
        {
            ["node_roles"] = "api,core",
            ["store_backend"] = "postgres+redis",
            ["store_postgres_connection"] = await postgres.CreateDatabaseAsync(),
            ["store_redis_configuration"] = $"127.0.0.1:{port}",
        });

        Assert.Equal(4, exit);
        Assert.Contains("Abaco cannot start:", err);
        Assert.Contains("Redis", err);
        Assert.Contains($"127.0.0.1:{port}", err);
    }

    /// <summary>A loopback port nothing listens on (taken from the OS, then released).</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
