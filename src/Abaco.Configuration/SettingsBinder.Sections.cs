using System.Collections.Immutable;
using Abaco.Core.Settings;

namespace Abaco.Configuration;

/// <summary>
/// The table of keys: every setting, the key it is read from and the rule that reads it, section by section in the
/// order of abaco.hocon (so errors come in that order too).
/// </summary>
internal sealed partial class SettingsBinder
{
    private static readonly ValueRule<CaseStyle> CaseRule = ValueRules.Choice(("snake", CaseStyle.Snake), ("camel", CaseStyle.Camel));

    private static readonly ValueRule<StoreBackend> BackendRule = ValueRules.Choice(("sqlite", StoreBackend.Sqlite),
        ("postgres", StoreBackend.Postgres), ("postgres+redis", StoreBackend.PostgresRedis));

    private static readonly ValueRule<LogFormat> LogFormatRule = ValueRules.Choice(("text", LogFormat.Text), ("json", LogFormat.Json));

    private static readonly ValueRule<LogFiles> LogFilesRule = ValueRules.Choice(("none", LogFiles.None),
        ("combined", LogFiles.Combined), ("split", LogFiles.Split));

    private static readonly ValueRule<OtlpProtocol> OtlpProtocolRule = ValueRules.Choice(("grpc", OtlpProtocol.Grpc),
        ("http/protobuf", OtlpProtocol.HttpProtobuf));

    /// <summary>Empty (no export) or an http(s) URL.</summary>
    private static readonly ValueRule<string> OtlpEndpointRule = ValueRules.OptionalText.Where(
        text => text.Length == 0 || Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
        "must be empty or an http(s) URL");

    private AbacoSettings Read()
    {
        CheckForUnknownKeys();
        var general = new GeneralSettings(Value("general", "tag", ValueRules.Text));
        var node = new NodeSettings(
            Values("node", "roles", ListRules.Roles),
            Value("node", "hostname", ValueRules.Text),
            Value("node", "port", ValueRules.Port),
            Values("node", "seed_nodes", ListRules.SeedNodes),
            Value("node", "data_dir", ValueRules.Text),
            Value("node", "shard_count", ValueRules.AtLeast(1)))
        {
            SplitBrainStrategy = Value("node", "split_brain_strategy", SplitBrainStrategyRule),
            SplitBrainStableAfter = Value("node", "split_brain_stable_after", ValueRules.Duration),
            DownAllWhenUnstable = Value("node", "down_all_when_unstable", ValueRules.Flag),
            DownDeadProcesses = Value("node", "down_dead_processes", ValueRules.Flag),
            MaximumFrameSize = Value("node", "maximum_frame_size", ValueRules.AtLeast(32000)),
            Discovery = Value("node", "discovery", DiscoveryRule),
            ManagementPort = Value("node", "management_port", ValueRules.Port),
            DiscoveryServiceName = Value("node", "discovery_service_name", ValueRules.Text),
            DiscoveryEndpoints = Values("node", "discovery_endpoints", DiscoveryEndpointsRule),
            RequiredContactPoints = Value("node", "required_contact_points", ValueRules.AtLeast(1)),
            KubernetesPodLabelSelector = Value("node", "kubernetes_pod_label_selector", ValueRules.Text),
            KubernetesNamespace = Value("node", "kubernetes_namespace", ValueRules.OptionalText),
            RejoinSeedTimeout = Value("node", "rejoin_seed_timeout", ValueRules.Duration),
        };
        CheckFormation(node);
        var logs = new LogSettings(Value("logs", "level", ValueRules.LogLevel), ModuleLogLevels())
        {
            Format = Value("logs", "format", LogFormatRule),
            Files = Value("logs", "files", LogFilesRule),
        };
        var web = Web();
        var spawner = new SpawnerSettings(
            Value("spawner", "host_id", ValueRules.OptionalText),
            Value("spawner", "host_ip", ValueRules.Text),
            Values("spawner", "host_queues", ListRules.HostQueues))
        {
            MaxWorkersPerActor = Value("spawner", "max_workers_per_actor", ValueRules.AtLeast(1)),
            MaxWorkersPerHost = Value("spawner", "max_workers_per_host", ValueRules.AtLeast(1)),
        };
        CheckHostQueuesAmongAllQueues(spawner, web);
        var docker = new DockerSettings(
            Value("docker", "dd", ValueRules.DockerEndpoint),
            Value("docker", "network", ValueRules.Text),
            Value("docker", "pull_timeout", ValueRules.Duration),
            Value("docker", "start_timeout", ValueRules.Duration),
            Value("docker", "remove_timeout", ValueRules.Duration));
        return new AbacoSettings(general, node, logs, web, spawner, docker, Workers(), Store()) {
            Tenants = Tenants(),
            Admin = new AdminSettings(Value("admin", "host", ValueRules.Text), Value("admin", "port", ValueRules.Port)),
            Telemetry = new TelemetrySettings(Value("telemetry", "otlp_endpoint", OtlpEndpointRule),
                Value("telemetry", "otlp_protocol", OtlpProtocolRule), Value("telemetry", "service_name", ValueRules.Text)),
        };
    }

    private WebSettings Web()
    {
        const string web = "web";
        var accessControl = AccessControlValue();
        return new WebSettings(
            WebHost(accessControl),
            Value(web, "port", ValueRules.Port),
            accessControl,
            Value(web, "tenant_name", ValueRules.Text),
            Value(web, "case", CaseRule),
            Value(web, "api_server", ValueRules.HttpUrl),
            Value(web, "show_traceback", ValueRules.Flag),
            Value(web, "ask_timeout", ValueRules.Duration),
            Value(web, "user_role", ValueRules.Text),
            Value(web, "accept_nonce", ValueRules.Flag),
            Value(web, "apim_public_key", ValueRules.ApimPublicKey),
            Value(web, "token_signing_key", ValueRules.TokenSigningKey),
            Value(web, "encryption_key", ValueRules.OptionalText),
            Value(web, "max_content_length", ValueRules.LongAtLeast(1)),
            Value(web, "default_token", ValueRules.Flag))
        {
            LogEx = Value(web, "log_ex", ValueRules.SecondsOrForever),
            LogExLimit = Value(web, "log_ex_limit", ValueRules.AtLeast(1)),
            MaxLogLength = Value(web, "max_log_length", ValueRules.AtLeast(1)),
            AllQueues = Values(web, "all_queues", ListRules.AllQueues),
            MaxMessageEnvBytes = Value(web, "max_message_env_bytes", ValueRules.MessageEnvBytes),
            ProtectedEnvNames = Values(web, "protected_env_names", ListRules.ProtectedEnvNames),
            WebhookDenyCidrs = Values(web, "webhook_deny_cidrs", ListRules.WebhookDenyCidrs),
            TenantClaim = Value(web, "tenant_claim", ValueRules.OptionalText),
            MaxQueuedMessagesPerActor = Value(web, "max_queued_messages_per_actor", ValueRules.AtLeast(1)),
            MaxInlineMessage = Value(web, "max_inline_message", ValueRules.LongAtLeast(1)),
            AskAttemptTimeout = Value(web, "ask_attempt_timeout", ValueRules.Duration),
        };
    }

    private WorkerSettings Workers()
    {
        const string workers = "workers";
        return new WorkerSettings(
            Value(workers, "init_count", ValueRules.AtLeast(0)),
            Value(workers, "leave_containers", ValueRules.Flag),
            Value(workers, "mem_limit", ValueRules.MemLimit),
            Value(workers, "max_cpus", ValueRules.NanoCpus),
            Value(workers, "max_consecutive_errors", ValueRules.AtLeast(1)),
            Value(workers, "socket_host_path_dir", ValueRules.Text),
            Value(workers, "fifo_host_path_dir", ValueRules.Text),
            Value(workers, "results_ttl", ValueRules.Duration))
        {
            Autoscaling = Value(workers, "autoscaling", ValueRules.Flag),
            MaxRunTime = Value(workers, "max_run_time", ValueRules.SecondsOrForever),
            WorkerTtl = Value(workers, "worker_ttl", ValueRules.SecondsOrForever),
            SyncMaxIdleTime = Value(workers, "sync_max_idle_time", ValueRules.AtLeast(0)),
            ActorUid = Value(workers, "actor_uid", ValueRules.OptionalText),
            ActorGid = Value(workers, "actor_gid", ValueRules.OptionalText),
            ActorHomedir = Value(workers, "actor_homedir", ValueRules.OptionalText),
            GlobalMounts = Values(workers, "global_mounts", ListRules.Mounts),
            PrivilegedMounts = Values(workers, "privileged_mounts", ListRules.Mounts),
            GenerateClients = Value(workers, "generate_clients", ValueRules.Flag),
            NoNewPrivileges = Value(workers, "no_new_privileges", ValueRules.Flag),
            PrivilegedMayGainPrivileges = Value(workers, "privileged_may_gain_privileges", ValueRules.Flag),
            PidsLimit = Value(workers, "pids_limit", ValueRules.PidsLimit),
            LogMaxSize = Value(workers, "log_max_size", ValueRules.LogMaxSize),
            LogMaxFile = Value(workers, "log_max_file", ValueRules.AtLeast(1)),
            MaxResultsPerExecution = Value(workers, "max_results_per_execution", ValueRules.AtLeast(1)),
            MaxResultBytesPerExecution = Value(workers, "max_result_bytes_per_execution", ValueRules.LongAtLeast(1)),
            WebhookExecutionStarted = Value(workers, "webhook_execution_started", ValueRules.Flag),
            WarmRunnerPath = Value(workers, "warm_runner_path", ValueRules.OptionalText),
        };
    }

    private StoreSettings Store()
    {
        const string store = "store";
        return new StoreSettings(
            Value(store, "backend", BackendRule),
            Value(store, "sqlite_file", ValueRules.Text),
            Value(store, "journal_file", ValueRules.Text),
            Value(store, "snapshot_every", ValueRules.AtLeast(1)))
        {
            PostgresConnection = Value(store, "postgres_connection", ValueRules.Text),
            RedisConfiguration = Value(store, "redis_configuration", ValueRules.Text),
            RedisKeyPrefix = Value(store, "redis_key_prefix", ValueRules.Text),
            RetryFor = Value(store, "retry_for", ValueRules.Duration),
            RedisCheckEvery = Value(store, "redis_check_every", ValueRules.Duration),
        };
    }

    /// <summary><c>logs.levels</c>: a map of module = LEVEL, each level read like <c>logs.level</c>.</summary>
    private ImmutableDictionary<string, string> ModuleLogLevels()
    {
        var path = PathOf("logs", "levels");
        switch (HoconValues.KindAt(_config, path))
        {
            case HoconKind.Missing:
                return ImmutableDictionary<string, string>.Empty;
            case HoconKind.Object:
                break;
            default:
                Fail(path, $"{path} must be an object of module = LEVEL pairs, such as {{ spawner = DEBUG }}");
                return ImmutableDictionary<string, string>.Empty;
        }

        var levels = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (module, value) in _config.GetConfig(path).AsEnumerable())
        {
            var modulePath = $"{path}.{module}";
            if (HoconValues.KindOf(value) != HoconKind.Scalar || value.GetString() is not { } text)
            {
                Fail(modulePath, $"{modulePath} must be one of {Wording.Alternatives(ValueRules.LogLevels)}");
            }
            else if (ValueRules.LogLevel.TryRead(text.Trim(), out var level, out var refusal))
            {
                levels[module] = level;
            }
            else
            {
                Invalid(modulePath, refusal.Requirement, refusal.Shown);
            }
        }

        return levels.ToImmutable();
    }
}
