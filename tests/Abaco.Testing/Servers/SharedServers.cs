namespace Abaco.Testing.Servers;

/// <summary>
/// One PostgreSQL and one redis-server per test process, started on first use and stopped when the process exits;
/// each test takes its own database or key prefix on them. Tests that restart a server start a private one instead.
/// </summary>
public static class SharedServers
{
    private static readonly Lazy<Task<PostgresServer>> LazyPostgres =
        new(() => Started(PostgresServer.StartAsync(), s => s.ShellCleanup()));
    private static readonly Lazy<Task<RedisServer>> LazyRedis =
        new(() => Started(RedisServer.StartAsync(), s => s.ShellCleanup()));

    public static Task<PostgresServer> Postgres => LazyPostgres.Value;

    public static Task<RedisServer> Redis => LazyRedis.Value;

    private static async Task<T> Started<T>(Task<T> starting, Func<T, string> shellCleanup) where T : IAsyncDisposable
    {
        var server = await starting;
        // Both: the handler when the process gets to exit normally, the watcher when it is killed first (vstest
        // kills its test host shortly after the run, which used to leave a redis-server and a cluster dir per run).
        ServerProcess.CleanUpAfterExit(shellCleanup(server));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
