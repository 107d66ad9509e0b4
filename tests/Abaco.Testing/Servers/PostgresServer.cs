using Npgsql;

namespace Abaco.Testing.Servers;

/// <summary>
/// A private PostgreSQL cluster for tests: initdb into a temp dir, started on a free loopback port, owned by this
/// process (stopped and removed on disposal). Tests isolate themselves in their own database
/// (<see cref="CreateDatabaseAsync"/>); restart tests stop and start the server under a running node.
/// Binaries: <c>$ABACO_PG_BIN</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>; as root they run as <c>postgres</c>.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string User = "postgres";
    private readonly string _bin;
    private readonly string _dir;

    private readonly bool _durable;

    private PostgresServer(string bin, string dir, int port, bool durable)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
        _durable = durable;
    }

    public int Port { get; }

    /// <param name="durable">fsync on, as a production server runs (benchmarks); tests skip it.</param>
    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        var bin = FindBinaries();
        var dir = ServerProcess.TempDirectory("abaco-pg");
        if (ServerProcess.IsRoot) await ServerProcess.RunAsync(null, "chown", "postgres:postgres", dir);
        var server = new PostgresServer(bin, dir, ServerProcess.FreePort(), durable);
        await ServerProcess.RunAsync(ServerProcess.IsRoot ? User : null, Path.Combine(bin, "initdb"),
            "-D", Path.Combine(dir, "data"), "-A", "trust", "-U", User, "-E", "UTF8", "--no-sync");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>A connection string to <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true";

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Stops the server at once (as a crash or an operator's fast shutdown would), dropping every connection.</summary>
    public Task StopAsync() => PgCtl("stop", "-m", "fast", "-w");

    public async Task StartAgainAsync()
    {
        // fsync off unless durable: these are throwaway clusters; a clean stop still writes everything out.
        await PgCtl("start", "-w", "-l", Path.Combine(_dir, "server.log"), "-o",
            $"-p {Port} -c listen_addresses=127.0.0.1 -k {_dir} -c fsync={(_durable ? "on" : "off")} -c max_connections=300");
        await ServerProcess.WaitForPortAsync(Port, TimeSpan.FromSeconds(30), "PostgreSQL");
    }

    /// <summary>A shell command that stops this server and deletes its directory (see <see cref="ServerProcess.CleanUpAfterExit"/>).</summary>
    internal string ShellCleanup() =>
        $"{(ServerProcess.IsRoot ? $"runuser -u {User} -- " : "")}{ServerProcess.ShellQuote(Path.Combine(_bin, "pg_ctl"))} " +
        $"-D {ServerProcess.ShellQuote(Path.Combine(_dir, "data"))} stop -m immediate -w; rm -rf {ServerProcess.ShellQuote(_dir)}";

    public async ValueTask DisposeAsync()
    {
        try { await PgCtl("stop", "-m", "immediate", "-w"); }
        catch (InvalidOperationException) { /* already stopped */ }
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private Task PgCtl(params string[] args) => ServerProcess.RunAsync(ServerProcess.IsRoot ? User : null,
        Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(_dir, "data"), .. args]);

    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("ABACO_PG_BIN") is { Length: > 0 } configured) return configured;
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found: run scripts/ensure-deps.sh (installs postgresql) or set ABACO_PG_BIN");
    }
}
