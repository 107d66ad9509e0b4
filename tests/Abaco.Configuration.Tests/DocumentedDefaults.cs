using System.Collections.Immutable;
using Abaco.Core.Executions;
using Abaco.Core.Net;
using Abaco.Core.Settings;

namespace Abaco.Configuration.Tests;

/// <summary>
/// The defaults abaco.hocon documents, written out by hand as the settings they must bind to. Production code holds
/// no copy (its defaults are the binding of abaco.hocon): this is the independent account the binding is checked
/// against, so a binder that misread a default would fail here.
/// </summary>
internal static class DocumentedDefaults
{
    public static AbacoSettings Settings { get; } = new(
        new GeneralSettings("1.0.0"),
        new NodeSettings([NodeRoles.Api, NodeRoles.Core, NodeRoles.Spawner], "127.0.0.1", 0, [], "./data", 10)
        {
            SplitBrainStrategy = SplitBrainStrategy.KeepMajority,
            SplitBrainStableAfter = TimeSpan.FromSeconds(20),
            DownAllWhenUnstable = true,
            DownDeadProcesses = true,
            MaximumFrameSize = 128_000,
            Discovery = ClusterDiscovery.None,
            ManagementPort = 8558,
            DiscoveryServiceName = "abaco",
            DiscoveryEndpoints = [],
            RequiredContactPoints = 2,
            KubernetesPodLabelSelector = "app=abaco",
            KubernetesNamespace = "",
            RejoinSeedTimeout = TimeSpan.FromSeconds(30),
        },
        new LogSettings("INFO", ImmutableDictionary<string, string>.Empty) { Format = LogFormat.Text, Files = LogFiles.None },
        new WebSettings("127.0.0.1", 8000, AccessControl.None, "dev_staging", CaseStyle.Snake,
            "http://172.17.0.1:8000", false, TimeSpan.FromSeconds(30), "Internal/abaco-user", true, "", "", "",
            500_000_000, false)
        {
            LogEx = 43200,
            LogExLimit = 86400,
            MaxLogLength = 1_000_000,
            AllQueues = [],
            MaxMessageEnvBytes = 256 * 1024,
            ProtectedEnvNames = MessageEnvironment.DefaultProtectedNames,
            MaxQueuedMessagesPerActor = 10_000,
            MaxInlineMessage = 64 * 1024,
            AskAttemptTimeout = TimeSpan.FromSeconds(5),
            WebhookDenyCidrs = AddressDenyList.DefaultCidrs,
            TenantClaim = WebSettings.DefaultTenantClaim,
        },
        new SpawnerSettings("", "127.0.0.1", ["default"]) { MaxWorkersPerActor = 20, MaxWorkersPerHost = 20 },
        new DockerSettings("unix:///var/run/docker.sock", "bridge", TimeSpan.FromMinutes(5),
            TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30)),
        new WorkerSettings(1, false, "-1", -1, 5, "results_sockets", "fifos", TimeSpan.FromMinutes(20))
        {
            Autoscaling = true,
            MaxRunTime = -1,
            WorkerTtl = -1,
            SyncMaxIdleTime = 600,
            ActorUid = "",
            ActorGid = "",
            ActorHomedir = "",
            GlobalMounts = [],
            PrivilegedMounts = [],
            GenerateClients = false,
            NoNewPrivileges = true,
            PrivilegedMayGainPrivileges = true,
            PidsLimit = 512,
            LogMaxSize = "10m",
            LogMaxFile = 2,
            MaxResultsPerExecution = 1000,
            MaxResultBytesPerExecution = 64L * 1024 * 1024,
            WebhookExecutionStarted = false,
            WarmRunnerPath = "",
        },
        new StoreSettings(StoreBackend.Sqlite, "abaco.db", "journal.db", 500)
        {
            PostgresConnection = "Host=127.0.0.1;Port=5432;Username=abaco;Password=abaco;Database=abaco",
            RedisConfiguration = "127.0.0.1:6379",
            RedisKeyPrefix = "abaco:",
            RetryFor = TimeSpan.FromSeconds(30),
            RedisCheckEvery = TimeSpan.FromSeconds(2),
        })
    {
        Admin = new AdminSettings("127.0.0.1", 9110),
        Telemetry = new TelemetrySettings("", OtlpProtocol.Grpc, "abaco"),
    };
}
