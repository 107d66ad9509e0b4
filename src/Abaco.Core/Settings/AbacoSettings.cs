using System.Collections.Immutable;

namespace Abaco.Core.Settings;

/// <summary>
/// Every operator-facing option, read once at start from <c>abaco.hocon</c> (plus overlay and environment) and
/// never changed afterwards. Section and key names follow the original's <c>abaco.conf</c>.
/// </summary>
/// <remarks>
/// No record here carries a default value: every default is written once, in abaco.hocon, and the members added
/// after the constructors grew long are <c>required</c>, so the binder cannot leave one out. The defaults as typed
/// settings are <c>AbacoSettings.Defaults</c>, defined beside the binder in Abaco.Configuration (reading HOCON needs
/// Akka, which Core does without).
/// </remarks>
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
    /// <summary>The tenant-specific options (<c>web.{tenant}_log_ex</c>, ...), by tenant name ignoring case.</summary>
    public ImmutableDictionary<string, TenantOverrides> Tenants { get; init; } = TenantOverrides.None;

    /// <summary><c>abaco.admin</c>: where the admin console's command host listens.</summary>
    public required AdminSettings Admin { get; init; }

    /// <summary><c>abaco.telemetry</c>: where this node exports its traces (nowhere by default).</summary>
    public required TelemetrySettings Telemetry { get; init; }

    /// <summary>These settings as they apply to <paramref name="tenant"/>'s actors: its own values where it has them.</summary>
    public AbacoSettings ForTenant(string tenant) => Tenants.TryGetValue(tenant, out var own)
        ? this with { Web = own.Apply(Web), Workers = own.Apply(Workers), Tenants = TenantOverrides.None }
        : this;
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

    /// <summary>What the split-brain resolver keeps of a partitioned cluster.</summary>
    public required SplitBrainStrategy SplitBrainStrategy { get; init; }

    /// <summary>How long membership must stay unchanged before the resolver decides.</summary>
    public required TimeSpan SplitBrainStableAfter { get; init; }

    /// <summary>Down every node when membership keeps changing past the stable-after window.</summary>
    public required bool DownAllWhenUnstable { get; init; }

    /// <summary>
    /// Down at once a member whose remoting port refuses connections (its host answers, no process listens), without
    /// waiting for the failure detector and the resolver.
    /// </summary>
    public required bool DownDeadProcesses { get; init; }

    /// <summary>The largest Akka remoting frame, in bytes: commands only, message bodies never ride remoting.</summary>
    public required int MaximumFrameSize { get; init; }

    /// <summary>How the node finds its cluster: seeds (none), Cluster.Bootstrap over a static list, or the Kubernetes API.</summary>
    public required ClusterDiscovery Discovery { get; init; }

    /// <summary>The Akka.Management HTTP port Cluster.Bootstrap probes; 0 = any free port.</summary>
    public required int ManagementPort { get; init; }

    public required string DiscoveryServiceName { get; init; }

    /// <summary>Config discovery: the management endpoints ("host:port") of the nodes that may form the cluster.</summary>
    public required ImmutableArray<string> DiscoveryEndpoints { get; init; }

    /// <summary>How many contact points must answer before a new cluster is formed.</summary>
    public required int RequiredContactPoints { get; init; }

    public required string KubernetesPodLabelSelector { get; init; }

    /// <summary>The namespace to list pods in; empty = the pod's own.</summary>
    public required string KubernetesNamespace { get; init; }

    /// <summary>
    /// How long a restarted node that is the first seed waits for the other seeds before forming a cluster of its own.
    /// </summary>
    public required TimeSpan RejoinSeedTimeout { get; init; }
}

public enum SplitBrainStrategy { KeepMajority, KeepOldest, DownAll }

public enum ClusterDiscovery { None, Config, Kubernetes }

/// <summary>
/// <c>abaco.logs</c>: a global level and per-module levels (<c>levels { spawner = DEBUG }</c>), the line
/// <see cref="Format"/>, and which <see cref="Files"/> the node also writes under <c>node.data_dir</c>.
/// </summary>
public sealed record LogSettings(string Level, ImmutableDictionary<string, string> Levels)
{
    public required LogFormat Format { get; init; }

    public required LogFiles Files { get; init; }
}

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
    bool DefaultToken)
{
    /// <summary>Seconds execution logs are kept when the actor does not say (<c>-1</c> = forever).</summary>
    public required int LogEx { get; init; }

    /// <summary>The most seconds an actor's own <c>log_ex</c> may ask for.</summary>
    public required int LogExLimit { get; init; }

    /// <summary>Characters kept of logs longer than 1,000,000 (the original's truncation rule).</summary>
    public required int MaxLogLength { get; init; }

    /// <summary>
    /// Every queue name an actor may ask for (a superset of each host's <c>spawner.host_queues</c>); empty = this
    /// host's queues.
    /// </summary>
    public required ImmutableArray<string> AllQueues { get; init; }

    // ---- message environment (query parameters become container variables)

    /// <summary>The most bytes a message's variables (query parameters and <c>MSG</c>, as <c>NAME=value</c>) may take.</summary>
    public required long MaxMessageEnvBytes { get; init; }

    /// <summary>
    /// Variable names only an actor's owner (or an admin) may set through a message; a trailing <c>*</c> matches a
    /// prefix. See <see cref="Abaco.Core.Executions.MessageEnvironment"/>.
    /// </summary>
    public required ImmutableArray<string> ProtectedEnvNames { get; init; }

    /// <summary>Messages an actor may have waiting for a worker; a POST beyond is refused (429), nothing kept.</summary>
    public required int MaxQueuedMessagesPerActor { get; init; }

    /// <summary>
    /// Largest text or JSON message body (UTF-8 bytes) carried inline; a larger one is stored in the message-body store
    /// at the api node and travels by reference (binary bodies always do).
    /// </summary>
    public required long MaxInlineMessage { get; init; }

    /// <summary>
    /// One attempt of asking an actor a command that may be repeated (a message, a read); attempts repeat within
    /// <see cref="AskTimeout"/>, so one lost while a shard moves is sent again.
    /// </summary>
    public required TimeSpan AskAttemptTimeout { get; init; }

    /// <summary>The queues an actor may name: <see cref="AllQueues"/>, or this host's when that is empty.</summary>
    public IReadOnlyList<string> ValidQueues(SpawnerSettings spawner) => AllQueues.IsEmpty ? spawner.HostQueues : AllQueues;

    // --- sharing and tenant surfaces ---

    /// <summary>Address ranges (CIDR) a webhook may not point at or resolve to, at registration and at delivery.</summary>
    public required ImmutableArray<string> WebhookDenyCidrs { get; init; }

    /// <summary>
    /// The JWT claim naming the caller's tenant; a token that has it must be presented under that tenant's header.
    /// Empty = tokens are not checked against the header.
    /// </summary>
    public required string TenantClaim { get; init; }

    /// <summary>The claim WSO2's API manager names the tenant in: abaco.hocon's <c>tenant_claim</c> (a test holds them equal).</summary>
    public const string DefaultTenantClaim = "http://wso2.org/claims/tenant";
}

/// <summary><c>abaco.spawner</c>: this host's id and ip (recorded on workers) and the queues it serves.</summary>
public sealed record SpawnerSettings(string HostId, string HostIp, ImmutableArray<string> HostQueues)
{
    /// <summary>Workers an actor may have when it does not set <c>max_workers</c>.</summary>
    public required int MaxWorkersPerActor { get; init; }

    /// <summary>Workers this host runs at most; requests beyond wait for a free slot (here or on another host).</summary>
    public required int MaxWorkersPerHost { get; init; }
}

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
    TimeSpan ResultsTtl)
{
    /// <summary>Whether workers follow the queue (scale up, and down to zero when idle).</summary>
    public required bool Autoscaling { get; init; }

    /// <summary>Seconds an actor container may run before Abaco stops it (<c>-1</c> = unlimited).</summary>
    public required int MaxRunTime { get; init; }

    /// <summary>Idle seconds after which a worker is stopped (<c>-1</c> = never).</summary>
    public required int WorkerTtl { get; init; }

    /// <summary>Idle seconds an actor with the <c>sync</c> hint keeps one warm worker.</summary>
    public required int SyncMaxIdleTime { get; init; }

    /// <summary>Fixed uid/gid/home actor containers run with (empty = the image's user).</summary>
    public required string ActorUid { get; init; }

    public required string ActorGid { get; init; }

    public required string ActorHomedir { get; init; }

    /// <summary><c>host:container:mode</c> mounts of every actor; <c>{username}</c> and <c>{tenant_id}</c> are filled in.</summary>
    public required ImmutableArray<string> GlobalMounts { get; init; }

    /// <summary>Extra mounts of privileged actors, same syntax.</summary>
    public required ImmutableArray<string> PrivilegedMounts { get; init; }

    /// <summary>Whether workers of actors with <c>token</c> get their own access tokens.</summary>
    public required bool GenerateClients { get; init; }

    // ---- container hardening

    /// <summary>Actor containers run with <c>no-new-privileges</c> (setuid binaries cannot raise privileges).</summary>
    public required bool NoNewPrivileges { get; init; }

    /// <summary>Whether privileged actors are exempt from <see cref="NoNewPrivileges"/> (their tools may need setuid).</summary>
    public required bool PrivilegedMayGainPrivileges { get; init; }

    /// <summary>The most processes/threads one actor container may have (<c>-1</c> = unlimited).</summary>
    public required long PidsLimit { get; init; }

    /// <summary>Size at which Docker's json-file log of an actor container is rotated (<c>"-1"</c> = unlimited).</summary>
    public required string LogMaxSize { get; init; }

    /// <summary>How many json-file log files Docker keeps per actor container.</summary>
    public required int LogMaxFile { get; init; }
    /// <summary>Results one execution may send; later ones are dropped (and counted).</summary>
    public required int MaxResultsPerExecution { get; init; }

    /// <summary>Total result bytes one execution may send; results past it are dropped (and counted).</summary>
    public required long MaxResultBytesPerExecution { get; init; }
    /// <summary>
    /// Whether webhooks also receive <c>EXECUTION_STARTED</c>; linked actors never do (the original never published it).
    /// </summary>
    public required bool WebhookExecutionStarted { get; init; }

    /// <summary>The warm runner binary (<c>""</c> = found next to the node's binaries or in the checkout's artifacts).</summary>
    public required string WarmRunnerPath { get; init; }
}

/// <summary>
/// Where state lives: everything in embedded SQLite files; everything (journal included) in PostgreSQL; or the
/// production split, PostgreSQL plus Redis for the current actors/workers, nonces and results.
/// </summary>
public enum StoreBackend { Sqlite, Postgres, PostgresRedis }

/// <summary>
/// <c>abaco.store</c>: the backend, the embedded database files (relative to <c>node.data_dir</c>) and how many
/// journal events an actor entity writes between snapshots; the servers' connection settings.
/// </summary>
public sealed record StoreSettings(StoreBackend Backend, string SqliteFile, string JournalFile, int SnapshotEvery)
{
    /// <summary>Npgsql connection string of the PostgreSQL database (backends postgres and postgres+redis).</summary>
    public required string PostgresConnection { get; init; }

    /// <summary>StackExchange.Redis configuration string (backend postgres+redis).</summary>
    public required string RedisConfiguration { get; init; }

    /// <summary>Prefix of every Redis key this site writes, so sites can share one Redis.</summary>
    public required string RedisKeyPrefix { get; init; }

    /// <summary>How long store operations retry while a database server restarts before they fail.</summary>
    public required TimeSpan RetryFor { get; init; }

    /// <summary>How often core nodes check that Redis kept its generation marker (backend postgres+redis).</summary>
    public required TimeSpan RedisCheckEvery { get; init; }

    public bool UsesPostgres => Backend is StoreBackend.Postgres or StoreBackend.PostgresRedis;
}

/// <summary><c>abaco.admin</c>: the command host of the cluster admin console (<c>abaco-admin</c>).</summary>
public sealed record AdminSettings(string Host, int Port);
