using System.Collections.Immutable;

namespace Abaco.Core.Settings;

/// <summary>
/// Every operator-facing option, read once at start from <c>abaco.hocon</c> (plus overlay and environment) and
/// never changed afterwards. Section and key names follow the original's <c>abaco.conf</c>.
/// </summary>
public sealed record AbacoSettings(
    GeneralSettings General,
    NodeSettings Node,
    LogSettings Logs,
    WebSettings Web,
    SpawnerSettings Spawner,
    DockerSettings Docker,
    WorkerSettings Workers,
    StoreSettings Store)
{
    /// <summary>Defaults identical to <c>abaco.hocon</c>; handy for tests that only change a key or two.</summary>
    public static AbacoSettings Defaults { get; } = new(
        new GeneralSettings("1.0.0"),
        new NodeSettings(ImmutableArray.Create(NodeRoles.Api, NodeRoles.Core, NodeRoles.Spawner), "127.0.0.1", 0,
            ImmutableArray<string>.Empty, "./data", 10),
        new LogSettings("INFO", ImmutableDictionary<string, string>.Empty),
        new WebSettings("0.0.0.0", 8000, AccessControl.None, "dev_staging", CaseStyle.Snake,
            "http://172.17.0.1:8000", false, TimeSpan.FromSeconds(30), "Internal/abaco-user", true, "", "", "",
            500_000_000, false),
        new SpawnerSettings("0", "127.0.0.1", ImmutableArray.Create("default")),
        new DockerSettings("unix:///var/run/docker.sock", "bridge", TimeSpan.FromMinutes(5),
            TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)),
        new WorkerSettings(1, false, "-1", -1, 5, "results_sockets", "fifos", TimeSpan.FromMinutes(20)),
        new StoreSettings(StoreBackend.Sqlite, "abaco.db", "journal.db", 500));
}

public static class NodeRoles
{
    public const string Api = "api";
    public const string Core = "core";
    public const string Spawner = "spawner";
    public static readonly ImmutableArray<string> All = ImmutableArray.Create(Api, Core, Spawner);
}

/// <summary><c>abaco.general</c>: <c>tag</c> is the <c>version</c> every response carries.</summary>
public sealed record GeneralSettings(string Tag);

/// <summary>
/// <c>abaco.node</c>: which roles this process carries, its cluster address and seeds (none = join itself), the
/// data directory for embedded stores, and the number of shards actor entities are spread over.
/// </summary>
public sealed record NodeSettings(
    ImmutableArray<string> Roles,
    string Hostname,
    int Port,
    ImmutableArray<string> SeedNodes,
    string DataDir,
    int ShardCount)
{
    public bool Has(string role) => Roles.Contains(role);
}

/// <summary><c>abaco.logs</c>: a global level and per-module levels (<c>levels { spawner = DEBUG }</c>).</summary>
public sealed record LogSettings(string Level, ImmutableDictionary<string, string> Levels);

public enum AccessControl { None, Jwt }

public enum CaseStyle { Snake, Camel }

/// <summary>
/// <c>abaco.web</c>: the REST gateway. With <see cref="AccessControl.Jwt"/> callers present the API manager's JWT
/// (verified with <see cref="ApimPublicKey"/>, base64 DER RSA) or a token Abaco signed itself with
/// <see cref="TokenSigningKey"/>; <see cref="UserRole"/> is the role that grants basic access;
/// <see cref="AcceptNonce"/> enables <c>x-nonce</c> authentication. <see cref="EncryptionKey"/> encrypts config
/// secrets (empty = a key generated once under <c>node.data_dir</c>). <see cref="MaxContentLength"/> caps binary
/// messages; <see cref="DefaultToken"/> is an actor's <c>token</c> when it does not say.
/// </summary>
public sealed record WebSettings(
    string Host,
    int Port,
    AccessControl AccessControl,
    string TenantName,
    CaseStyle Case,
    string ApiServer,
    bool ShowTraceback,
    TimeSpan AskTimeout,
    string UserRole,
    bool AcceptNonce,
    string ApimPublicKey,
    string TokenSigningKey,
    string EncryptionKey,
    long MaxContentLength,
    bool DefaultToken);

/// <summary><c>abaco.spawner</c>: this host's id and ip (recorded on workers) and the queues it serves.</summary>
public sealed record SpawnerSettings(string HostId, string HostIp, ImmutableArray<string> HostQueues);

/// <summary><c>abaco.docker</c>: daemon endpoint, network for actor containers, and per-call time limits.</summary>
public sealed record DockerSettings(
    string Dd,
    string Network,
    TimeSpan PullTimeout,
    TimeSpan StartTimeout,
    TimeSpan RemoveTimeout);

/// <summary>
/// <c>abaco.workers</c>: workers started when an actor is registered, whether finished containers are kept,
/// default container limits (<c>"-1"</c> / <c>-1</c> = unlimited), how many consecutive container start
/// failures put an actor in ERROR, the host directories for results sockets and binary-message FIFOs (relative
/// paths are under <c>node.data_dir</c>) and how long unread results are kept.
/// </summary>
public sealed record WorkerSettings(
    int InitCount,
    bool LeaveContainers,
    string MemLimit,
    long MaxCpus,
    int MaxConsecutiveErrors,
    string SocketHostPathDir,
    string FifoHostPathDir,
    TimeSpan ResultsTtl);

public enum StoreBackend { Sqlite }

/// <summary>
/// <c>abaco.store</c>: the backend, the embedded database files (relative to <c>node.data_dir</c>) and how many
/// journal events an actor entity writes between snapshots.
/// </summary>
public sealed record StoreSettings(StoreBackend Backend, string SqliteFile, string JournalFile, int SnapshotEvery);
