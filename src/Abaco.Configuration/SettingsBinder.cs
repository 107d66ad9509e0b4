using Abaco.Core.Executions;
using Abaco.Core.Text;
using System.Collections.Immutable;
using System.Globalization;
using Abaco.Core.Settings;
using Akka.Actor;
using Akka.Configuration;

namespace Abaco.Configuration;

/// <summary>
/// Reads the merged HOCON into <see cref="AbacoSettings"/>, checking every value. Problems are collected rather than
/// thrown one at a time, so an operator fixes them all in one go; each names the full key, what is allowed, the
/// value found and, when known, which layer set it.
/// </summary>
internal sealed partial class SettingsBinder
{
    public static readonly IReadOnlyList<string> LogLevels = ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    private static readonly string[] TrueWords = ["true", "yes", "on"];
    private static readonly string[] FalseWords = ["false", "no", "off"];
    private static readonly string[] DockerSchemes = ["unix", "tcp", "http", "https", "npipe"];

    private readonly Config _config;
    private readonly KeySchema _schema;
    private readonly Func<string, string?> _originOf;
    private readonly List<string> _errors = [];

    private SettingsBinder(Config config, KeySchema schema, Func<string, string?> originOf)
    {
        _config = config;
        _schema = schema;
        _originOf = originOf;
    }

    public static AbacoSettings Bind(Config config, KeySchema schema, Func<string, string?> originOf)
    {
        var binder = new SettingsBinder(config, schema, originOf);
        var settings = binder.Read();
        if (binder._errors.Count > 0)
        {
            throw new AbacoConfigurationException(binder._errors);
        }

        return settings;
    }

    private AbacoSettings Read()
    {
        CheckForUnknownKeys();
        var d = AbacoSettings.Defaults;

        var general = new GeneralSettings(Text("general", "tag", d.General.Tag));

        var node = new NodeSettings(
            Roles(),
            Text("node", "hostname", d.Node.Hostname),
            Port("node", "port", d.Node.Port),
            SeedNodes(),
            Text("node", "data_dir", d.Node.DataDir),
            Int("node", "shard_count", 1, d.Node.ShardCount));

        var logs = new LogSettings(LogLevel("logs", "level", d.Logs.Level), ModuleLogLevels());

        var accessControl = AccessControlValue();
        var web = new WebSettings(
            WebHost(accessControl),
            Port("web", "port", d.Web.Port),
            accessControl,
            Text("web", "tenant_name", d.Web.TenantName),
            Choice("web", "case", d.Web.Case, ("snake", CaseStyle.Snake), ("camel", CaseStyle.Camel)),
            HttpUrl("web", "api_server", d.Web.ApiServer),
            Bool("web", "show_traceback", d.Web.ShowTraceback),
            Duration("web", "ask_timeout", d.Web.AskTimeout),
            Text("web", "user_role", d.Web.UserRole),
            Bool("web", "accept_nonce", d.Web.AcceptNonce),
            ApimPublicKey(),
            TokenSigningKey(),
            OptionalText("web", "encryption_key", d.Web.EncryptionKey),
            Long("web", "max_content_length", 1, d.Web.MaxContentLength),
            Bool("web", "default_token", d.Web.DefaultToken))
        {
            LogEx = SecondsOrForever("web", "log_ex", d.Web.LogEx),
            LogExLimit = Int("web", "log_ex_limit", 1, d.Web.LogExLimit),
            MaxLogLength = Int("web", "max_log_length", 1, d.Web.MaxLogLength),
            AllQueues = OptionalQueueList("web", "all_queues"),
            // message environment
            MaxMessageEnvBytes = MessageEnvBytes(),
            ProtectedEnvNames = ProtectedEnvNames(),
            WebhookDenyCidrs = WebhookDenyCidrs(),
            TenantClaim = OptionalText("web", "tenant_claim", d.Web.TenantClaim),
            MaxQueuedMessagesPerActor = Int("web", "max_queued_messages_per_actor", 1, d.Web.MaxQueuedMessagesPerActor),
        };

        var spawner = new SpawnerSettings(
            Text("spawner", "host_id", d.Spawner.HostId),
            Text("spawner", "host_ip", d.Spawner.HostIp),
            HostQueues())
        {
            MaxWorkersPerActor = Int("spawner", "max_workers_per_actor", 1, d.Spawner.MaxWorkersPerActor),
            MaxWorkersPerHost = Int("spawner", "max_workers_per_host", 1, d.Spawner.MaxWorkersPerHost),
        };
        foreach (var queue in spawner.HostQueues.Where(q => !web.AllQueues.IsEmpty && !web.AllQueues.Contains(q)))
            Fail(PathOf("spawner", "host_queues"),
                $"{PathOf("spawner", "host_queues")} names '{queue}', which is not in {PathOf("web", "all_queues")} [{string.Join(", ", web.AllQueues)}]");

        var docker = new DockerSettings(
            DockerEndpoint(),
            Text("docker", "network", d.Docker.Network),
            Duration("docker", "pull_timeout", d.Docker.PullTimeout),
            Duration("docker", "start_timeout", d.Docker.StartTimeout),
            Duration("docker", "remove_timeout", d.Docker.RemoveTimeout));

        var workers = new WorkerSettings(
            Int("workers", "init_count", 0, d.Workers.InitCount),
            Bool("workers", "leave_containers", d.Workers.LeaveContainers),
            MemLimit(),
            MaxCpus(),
            Int("workers", "max_consecutive_errors", 1, d.Workers.MaxConsecutiveErrors),
            Text("workers", "socket_host_path_dir", d.Workers.SocketHostPathDir),
            Text("workers", "fifo_host_path_dir", d.Workers.FifoHostPathDir),
            Duration("workers", "results_ttl", d.Workers.ResultsTtl))
        {
            Autoscaling = Bool("workers", "autoscaling", d.Workers.Autoscaling),
            MaxRunTime = SecondsOrForever("workers", "max_run_time", d.Workers.MaxRunTime),
            WorkerTtl = SecondsOrForever("workers", "worker_ttl", d.Workers.WorkerTtl),
            SyncMaxIdleTime = Int("workers", "sync_max_idle_time", 0, d.Workers.SyncMaxIdleTime),
            ActorUid = OptionalText("workers", "actor_uid", d.Workers.ActorUid),
            ActorGid = OptionalText("workers", "actor_gid", d.Workers.ActorGid),
            ActorHomedir = OptionalText("workers", "actor_homedir", d.Workers.ActorHomedir),
            GlobalMounts = Mounts("workers", "global_mounts"),
            PrivilegedMounts = Mounts("workers", "privileged_mounts"),
            GenerateClients = Bool("workers", "generate_clients", d.Workers.GenerateClients),
            // container hardening
            NoNewPrivileges = Bool("workers", "no_new_privileges", d.Workers.NoNewPrivileges),
            PrivilegedMayGainPrivileges = Bool("workers", "privileged_may_gain_privileges", d.Workers.PrivilegedMayGainPrivileges),
            PidsLimit = PidsLimit(),
            LogMaxSize = LogMaxSize(),
            LogMaxFile = Int("workers", "log_max_file", 1, d.Workers.LogMaxFile),
            MaxResultsPerExecution = Int("workers", "max_results_per_execution", 1, d.Workers.MaxResultsPerExecution),
            MaxResultBytesPerExecution = Long("workers", "max_result_bytes_per_execution", 1,
                d.Workers.MaxResultBytesPerExecution),
            WebhookExecutionStarted = Bool("workers", "webhook_execution_started", d.Workers.WebhookExecutionStarted),
        };

        var store = new StoreSettings(
            Choice("store", "backend", d.Store.Backend, ("sqlite", StoreBackend.Sqlite),
                ("postgres", StoreBackend.Postgres), ("postgres+redis", StoreBackend.PostgresRedis)),
            Text("store", "sqlite_file", d.Store.SqliteFile),
            Text("store", "journal_file", d.Store.JournalFile),
            Int("store", "snapshot_every", 1, d.Store.SnapshotEvery))
        {
            PostgresConnection = Text("store", "postgres_connection", d.Store.PostgresConnection),
            RedisConfiguration = Text("store", "redis_configuration", d.Store.RedisConfiguration),
            RedisKeyPrefix = Text("store", "redis_key_prefix", d.Store.RedisKeyPrefix),
            RetryFor = Duration("store", "retry_for", d.Store.RetryFor),
        };

        return new AbacoSettings(general, node, logs, web, spawner, docker, workers, store) { Tenants = Tenants() };
    }

    /// <summary>The <c>{tenant}_{key}</c> variants in web and workers, validated like their global keys.</summary>
    private ImmutableDictionary<string, TenantOverrides> Tenants()
    {
        var tenants = TenantOverrides.None;
        foreach (var section in TenantOverrides.KeysBySection.Keys)
        {
            if (HoconValues.KindAt(_config, $"{AbacoConfiguration.Root}.{section}") != HoconKind.Object) continue;
            foreach (var key in HoconValues.KeysOf(_config, $"{AbacoConfiguration.Root}.{section}"))
            {
                if (!IsTenantKey(section, key)) continue;
                var (tenant, option) = TenantOverrides.Split(section, key)!.Value;
                var own = tenants.GetValueOrDefault(tenant) ?? new TenantOverrides();
                tenants = tenants.SetItem(tenant, option switch
                {
                    "default_token" => own with { DefaultToken = Bool(section, key, false) },
                    "log_ex" => own with { LogEx = SecondsOrForever(section, key, 0) },
                    "log_ex_limit" => own with { LogExLimit = Int(section, key, 1, 1) },
                    "generate_clients" => own with { GenerateClients = Bool(section, key, false) },
                    "global_mounts" => own with { GlobalMounts = Mounts(section, key) },
                    "actor_uid" => own with { ActorUid = OptionalText(section, key, "") },
                    "actor_gid" => own with { ActorGid = OptionalText(section, key, "") },
                    _ => own with { ActorHomedir = OptionalText(section, key, "") },
                });
            }
        }
        return tenants;
    }

    /// <summary>A tenant variant: not a key of its own in abaco.hocon, but <c>{tenant}_{option}</c> of one.</summary>
    private bool IsTenantKey(string section, string key) =>
        _schema.Find(section, key, StringComparison.Ordinal) is null && TenantOverrides.Split(section, key) is not null;

    // ---- structure ------------------------------------------------------------------------------------------

    private void CheckForUnknownKeys()
    {
        var root = AbacoConfiguration.Root;
        if (HoconValues.KindAt(_config, root) is not (HoconKind.Object or HoconKind.Missing))
        {
            Fail(root, $"{root} must be an object {{ ... }}");
            return;
        }

        foreach (var section in HoconValues.KeysOf(_config, root))
        {
            var sectionPath = $"{root}.{section}";
            if (!_schema.Sections.Contains(section))
            {
                Fail(sectionPath, $"{sectionPath} is not a known section; the sections are {string.Join(", ", _schema.Sections)}");
                continue;
            }

            if (HoconValues.KindAt(_config, sectionPath) != HoconKind.Object)
            {
                Fail(sectionPath, $"{sectionPath} must be an object {{ ... }}");
                continue;
            }

            var known = _schema.KeysOf(section).Select(key => key.Key).ToList();
            foreach (var key in HoconValues.KeysOf(_config, sectionPath)
                         .Where(key => !known.Contains(key) && !IsTenantKey(section, key)))
            {
                Fail($"{sectionPath}.{key}",
                    $"{sectionPath}.{key} is not a known key (a typo?); the keys of {sectionPath} are {string.Join(", ", known)}");
            }
        }
    }

    /// <summary>The trimmed scalar at abaco.{section}.{key}, or null after recording why there is none.</summary>
    private string? Scalar(string section, string key)
    {
        var path = PathOf(section, key);
        try
        {
            switch (HoconValues.KindAt(_config, path))
            {
                case HoconKind.Scalar when _config.GetString(path) is { } value:
                    return value.Trim();
                case HoconKind.Scalar:
                case HoconKind.Missing:
                    Fail(path, $"{path} must be set");
                    return null;
                default:
                    Fail(path, $"{path} must be a single value, not a list or an object");
                    return null;
            }
        }
        catch (Exception exception) when (exception is not AbacoConfigurationException)
        {
            Fail(path, $"{path} could not be read: {exception.Message}");
            return null;
        }
    }

    /// <summary>A list key: a HOCON list, or a comma-separated string as abaco.conf had it.</summary>
    private ImmutableArray<string>? List(string section, string key)
    {
        var path = PathOf(section, key);
        try
        {
            switch (HoconValues.KindAt(_config, path))
            {
                case HoconKind.List:
                    return _config.GetStringList(path).Select(item => (item ?? "").Trim()).ToImmutableArray();
                case HoconKind.Scalar when _config.GetString(path) is { } value:
                    return EnvironmentOverrides.SplitList(value).ToImmutableArray();
                case HoconKind.Object:
                    Fail(path, $"{path} must be a list such as [a, b], not an object");
                    return null;
                default:
                    Fail(path, $"{path} must be set (use [] for an empty list)");
                    return null;
            }
        }
        catch (Exception exception) when (exception is not AbacoConfigurationException)
        {
            Fail(path, $"{path} could not be read: {exception.Message}");
            return null;
        }
    }

    // ---- scalar kinds ---------------------------------------------------------------------------------------

    private string Text(string section, string key, string fallback)
    {
        var value = Scalar(section, key);
        if (value is null)
        {
            return fallback;
        }

        if (value.Length == 0)
        {
            Invalid(section, key, "must not be empty", value);
            return fallback;
        }

        return value;
    }

    /// <summary>A text where empty means "not set" (keys, secrets).</summary>
    private string OptionalText(string section, string key, string fallback) => Scalar(section, key) ?? fallback;

    private int Int(string section, string key, int minimum, int fallback)
    {
        var value = Scalar(section, key);
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= minimum)
        {
            return number;
        }

        Invalid(section, key, $"must be a whole number of at least {minimum}", value);
        return fallback;
    }

    private long Long(string section, string key, long minimum, long fallback)
    {
        var value = Scalar(section, key);
        if (value is null)
        {
            return fallback;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= minimum)
        {
            return number;
        }

        Invalid(section, key, $"must be a whole number of at least {minimum}", value);
        return fallback;
    }

    /// <summary>Whole seconds, or -1 for "no limit" (the original's convention for these keys).</summary>
    private int SecondsOrForever(string section, string key, int fallback)
    {
        var value = Scalar(section, key);
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds) && (seconds == -1 || seconds > 0))
        {
            return seconds;
        }

        Invalid(section, key, "must be a positive number of seconds, or -1 for no limit", value);
        return fallback;
    }

    private ImmutableArray<string> OptionalQueueList(string section, string key)
    {
        if (List(section, key) is not { } items)
        {
            return [];
        }

        if (items.Any(queue => queue.Length == 0))
        {
            var path = PathOf(section, key);
            Fail(path, $"{path} must list queue names, such as [default, special], but was [{string.Join(", ", items)}]");
            return [];
        }

        return items.Distinct(StringComparer.Ordinal).ToImmutableArray();
    }

    // ---- message environment and container hardening ------------------------------------------------------

    /// <summary>At least 1 KiB; at most 1 MiB, well below the kernel's limit for a whole environment (ARG_MAX).</summary>
    private long MessageEnvBytes()
    {
        const string section = "web", key = "max_message_env_bytes";
        var value = Long(section, key, 1024, AbacoSettings.Defaults.Web.MaxMessageEnvBytes);
        if (value <= 1024 * 1024) return value;
        Invalid(section, key, "must be at most 1048576 (the whole environment of a process is limited)", value.ToString(CultureInfo.InvariantCulture));
        return AbacoSettings.Defaults.Web.MaxMessageEnvBytes;
    }

    /// <summary>Environment names, each optionally ending in * (a prefix).</summary>
    private ImmutableArray<string> ProtectedEnvNames()
    {
        const string section = "web", key = "protected_env_names";
        if (List(section, key) is not { } items) return AbacoSettings.Defaults.Web.ProtectedEnvNames;
        foreach (var item in items)
        {
            var name = item.EndsWith('*') ? item[..^1] : item;
            if (name.Length > 0 && !MessageEnvironment.IsValidName(name))
                Invalid(section, key, "must list environment variable names ([A-Za-z_][A-Za-z0-9_]*), a trailing * for a prefix", item);
        }
        return items.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToImmutableArray();
    }

    private long PidsLimit()
    {
        const string section = "workers", key = "pids_limit";
        var value = Long(section, key, -1, AbacoSettings.Defaults.Workers.PidsLimit);
        if (value != 0) return value;
        Invalid(section, key, "must be a positive number of processes, or -1 for no limit", "0");
        return AbacoSettings.Defaults.Workers.PidsLimit;
    }

    private string LogMaxSize()
    {
        const string section = "workers", key = "log_max_size";
        var value = Text(section, key, AbacoSettings.Defaults.Workers.LogMaxSize);
        if (DockerSize.IsValid(value)) return value.Trim();
        Invalid(section, key, "must be a size such as 10m or 1g, or -1 for no limit", value);
        return AbacoSettings.Defaults.Workers.LogMaxSize;
    }

    /// <summary>Bind mounts as the original writes them: <c>host_path:container_path:mode</c>, mode <c>ro</c> or <c>rw</c>.</summary>
    private ImmutableArray<string> Mounts(string section, string key)
    {
        if (List(section, key) is not { } items)
        {
            return [];
        }

        foreach (var item in items)
        {
            var parts = item.Split(':');
            if (parts.Length != 3 || parts[0].Length == 0 || !parts[1].StartsWith('/') || parts[2] is not ("ro" or "rw"))
            {
                Invalid(section, key, "must list mounts as 'host_path:container_path:mode' with an absolute container path and mode ro or rw", item);
            }
        }

        return items;
    }

    private int Port(string section, string key, int fallback)
    {
        var value = Scalar(section, key);
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535)
        {
            return port;
        }

        Invalid(section, key, "must be a port number from 0 to 65535 (0 = any free port)", value);
        return fallback;
    }

    private bool Bool(string section, string key, bool fallback)
    {
        var value = Scalar(section, key);
        if (value is null)
        {
            return fallback;
        }

        if (TrueWords.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (FalseWords.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        Invalid(section, key, "must be true or false (yes/no and on/off are accepted too)", value);
        return fallback;
    }

    private TimeSpan Duration(string section, string key, TimeSpan fallback)
    {
        var value = Scalar(section, key);
        if (value is null)
        {
            return fallback;
        }

        if (HoconDurations.TryParse(value, out var duration) && duration > TimeSpan.Zero)
        {
            return duration;
        }

        Invalid(section, key, "must be a positive duration with a unit, such as '500ms', '30s', '5m' or '1h'", value);
        return fallback;
    }

    private T Choice<T>(string section, string key, T fallback, params (string Name, T Value)[] choices)
    {
        var value = Scalar(section, key);
        if (value is null)
        {
            return fallback;
        }

        foreach (var (name, result) in choices)
        {
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
            {
                return result;
            }
        }

        Invalid(section, key, $"must be {Alternatives(choices.Select(choice => choice.Name))}", value);
        return fallback;
    }

    private string LogLevel(string section, string key, string fallback)
    {
        var value = Scalar(section, key);
        if (value is null)
        {
            return fallback;
        }

        return CheckLogLevel(PathOf(section, key), value) ?? fallback;
    }

    private string? CheckLogLevel(string path, string value)
    {
        var level = LogLevels.FirstOrDefault(candidate => string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase));
        if (level is null)
        {
            Fail(path, $"{path} must be {Alternatives(LogLevels)} (any case) but was '{value}'");
        }

        return level;
    }

    // ---- particular keys ------------------------------------------------------------------------------------

    private ImmutableArray<string> Roles()
    {
        const string section = "node", key = "roles";
        var roles = List(section, key);
        if (roles is not { } items)
        {
            return AbacoSettings.Defaults.Node.Roles;
        }

        var unknown = items.Where(role => !NodeRoles.All.Contains(role, StringComparer.OrdinalIgnoreCase)).ToList();
        var allowed = $"must be a non-empty list of roles among {Alternatives(NodeRoles.All, "and")}";
        if (items.IsEmpty)
        {
            Fail(PathOf(section, key), $"{PathOf(section, key)} {allowed} but was empty");
        }
        else if (unknown.Count > 0)
        {
            Fail(PathOf(section, key), $"{PathOf(section, key)} {allowed} but contains {Alternatives(unknown, "and")}");
        }
        else
        {
            return items.Select(role => role.ToLowerInvariant()).Distinct().ToImmutableArray();
        }

        return AbacoSettings.Defaults.Node.Roles;
    }

    private ImmutableArray<string> SeedNodes()
    {
        const string section = "node", key = "seed_nodes";
        var seeds = List(section, key);
        if (seeds is not { } items)
        {
            return AbacoSettings.Defaults.Node.SeedNodes;
        }

        var bad = items.Where(seed => !Address.TryParse(seed, out _)).ToList();
        if (bad.Count == 0)
        {
            return items;
        }

        Fail(PathOf(section, key),
            $"{PathOf(section, key)} must hold Akka addresses such as 'akka.tcp://abaco@10.0.0.5:4053' but holds {Alternatives(bad, "and")}");
        return AbacoSettings.Defaults.Node.SeedNodes;
    }

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
        var modules = _config.GetConfig(path);
        foreach (var (module, value) in modules.AsEnumerable())
        {
            var modulePath = $"{path}.{module}";
            if (HoconValues.KindOf(value) != HoconKind.Scalar || value.GetString() is not { } text)
            {
                Fail(modulePath, $"{modulePath} must be one of {Alternatives(LogLevels)}");
                continue;
            }

            if (CheckLogLevel(modulePath, text.Trim()) is { } level)
            {
                levels[module] = level;
            }
        }

        return levels.ToImmutable();
    }

    private AccessControl AccessControlValue()
    {
        const string section = "web", key = "access_control";
        var value = Scalar(section, key);
        if (value is null)
        {
            return AbacoSettings.Defaults.Web.AccessControl;
        }

        if (string.Equals(value, "none", StringComparison.OrdinalIgnoreCase))
        {
            return AccessControl.None;
        }

        if (string.Equals(value, "jwt", StringComparison.OrdinalIgnoreCase))
        {
            var publicKey = Scalar(section, "apim_public_key");
            var signingKey = Scalar(section, "token_signing_key");
            if (string.IsNullOrWhiteSpace(publicKey) && string.IsNullOrWhiteSpace(signingKey))
            {
                var path = PathOf(section, key);
                Fail(path, $"{path} is 'jwt' but neither {PathOf(section, "apim_public_key")} nor {PathOf(section, "token_signing_key")} is set, so no token could ever be verified");
            }
            return AccessControl.Jwt;
        }

        Invalid(section, key, "must be 'none' or 'jwt'", value);
        return AbacoSettings.Defaults.Web.AccessControl;
    }

    private string ApimPublicKey()
    {
        const string section = "web", key = "apim_public_key";
        var value = OptionalText(section, key, AbacoSettings.Defaults.Web.ApimPublicKey).Trim();
        if (value.Length == 0) return value;
        try
        {
            using var rsa = System.Security.Cryptography.RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(value), out _);
            return value;
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            Invalid(section, key, "must be an RSA public key as base64 DER (SubjectPublicKeyInfo, the PEM body without its header lines)", value.Length > 40 ? value[..40] + "..." : value);
            return "";
        }
    }

    private string TokenSigningKey()
    {
        const string section = "web", key = "token_signing_key";
        var value = OptionalText(section, key, AbacoSettings.Defaults.Web.TokenSigningKey).Trim();
        if (value.Length == 0) return value;
        try
        {
            if (Convert.FromBase64String(value).Length >= 32) return value;
        }
        catch (FormatException)
        {
        }
        Invalid(section, key, "must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 48`)", "(hidden)");
        return "";
    }

    private string HttpUrl(string section, string key, string fallback)
    {
        var value = Text(section, key, fallback);
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return value;
        }

        Invalid(section, key, "must be an absolute http(s) URL such as 'http://172.17.0.1:8000'", value);
        return fallback;
    }

    private string DockerEndpoint()
    {
        const string section = "docker", key = "dd";
        var value = Text(section, key, AbacoSettings.Defaults.Docker.Dd);
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && DockerSchemes.Contains(uri.Scheme))
        {
            return value;
        }

        Invalid(section, key, "must be a Docker endpoint such as 'unix:///var/run/docker.sock' or 'tcp://host:2375'", value);
        return AbacoSettings.Defaults.Docker.Dd;
    }

    private ImmutableArray<string> HostQueues()
    {
        const string section = "spawner", key = "host_queues";
        var queues = List(section, key);
        if (queues is not { } items)
        {
            return AbacoSettings.Defaults.Spawner.HostQueues;
        }

        var path = PathOf(section, key);
        if (items.IsEmpty || items.Any(queue => queue.Length == 0))
        {
            Fail(path, $"{path} must list at least one queue name, such as [default], but was [{string.Join(", ", items)}]");
            return AbacoSettings.Defaults.Spawner.HostQueues;
        }

        return items.Distinct(StringComparer.Ordinal).ToImmutableArray();
    }

    private string MemLimit()
    {
        const string section = "workers", key = "mem_limit";
        var value = Scalar(section, key);
        if (value is null)
        {
            return AbacoSettings.Defaults.Workers.MemLimit;
        }

        if (value.Trim().Length > 0 && DockerSize.IsValid(value))
        {
            return value;
        }

        Invalid(section, key,
            "must be a docker memory size such as '512m' or '1g' (digits with an optional unit b, k, m or g) or '-1' for unlimited",
            value);
        return AbacoSettings.Defaults.Workers.MemLimit;
    }

    private long MaxCpus()
    {
        const string section = "workers", key = "max_cpus";
        var value = Scalar(section, key);
        if (value is null)
        {
            return AbacoSettings.Defaults.Workers.MaxCpus;
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cpus) && (cpus == -1 || cpus > 0))
        {
            return cpus;
        }

        Invalid(section, key, "must be -1 (unlimited) or a positive number of nano-CPUs (1000000000 = one CPU)", value);
        return AbacoSettings.Defaults.Workers.MaxCpus;
    }

    // ---- messages -------------------------------------------------------------------------------------------

    private static string PathOf(string section, string key) => $"{AbacoConfiguration.Root}.{section}.{key}";

    private void Invalid(string section, string key, string requirement, string value)
    {
        var path = PathOf(section, key);
        Fail(path, $"{path} {requirement} but was '{value}'");
    }

    private void Fail(string path, string message)
    {
        var origin = _originOf(path);
        _errors.Add(origin is null ? message : $"{message} (set by {origin})");
    }

    /// <summary>'a' or 'b'; 'a', 'b' or 'c'.</summary>
    private static string Alternatives(IEnumerable<string> names, string conjunction = "or")
    {
        var quoted = names.Select(name => $"'{name}'").ToList();
        return quoted.Count <= 1
            ? string.Concat(quoted)
            : $"{string.Join(", ", quoted.Take(quoted.Count - 1))} {conjunction} {quoted[^1]}";
    }
}
