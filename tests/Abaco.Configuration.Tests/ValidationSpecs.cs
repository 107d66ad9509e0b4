using Abaco.Core.Settings;
using Xunit;

namespace Abaco.Configuration.Tests;

public sealed class ValidationSpecs : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory(DisplayName = "An invalid value stops loading with a message naming the key and what is allowed")]
    [InlineData("web_case", "kebab", "abaco.web.case must be 'snake' or 'camel' but was 'kebab'")]
    [InlineData("web_access_control", "token", "abaco.web.access_control must be 'none'")]
    [InlineData("logs_level", "VERBOSE", "abaco.logs.level must be 'TRACE', 'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL'")]
    [InlineData("logs_levels_spawner", "LOUD", "abaco.logs.levels.spawner must be 'TRACE'")]
    [InlineData("logs_format", "xml", "abaco.logs.format must be 'text' or 'json' but was 'xml'")]
    [InlineData("logs_files", "some", "abaco.logs.files must be 'none', 'combined' or 'split' but was 'some'")]
    [InlineData("telemetry_otlp_protocol", "udp", "abaco.telemetry.otlp_protocol must be 'grpc' or 'http/protobuf' but was 'udp'")]
    [InlineData("telemetry_otlp_endpoint", "collector:4317", "abaco.telemetry.otlp_endpoint must be empty or an http(s) URL")]
    [InlineData("telemetry_service_name", "", "abaco.telemetry.service_name must not be empty")]
    [InlineData("web_port", "65536", "abaco.web.port must be a port number from 0 to 65535")]
    [InlineData("web_port", "-1", "abaco.web.port must be a port number from 0 to 65535")]
    [InlineData("node_port", "http", "abaco.node.port must be a port number from 0 to 65535 (0 = any free port) but was 'http'")]
    [InlineData("node_shard_count", "0", "abaco.node.shard_count must be a whole number of at least 1 but was '0'")]
    [InlineData("workers_init_count", "-1", "abaco.workers.init_count must be a whole number of at least 0")]
    [InlineData("workers_max_consecutive_errors", "0", "abaco.workers.max_consecutive_errors must be a whole number of at least 1")]
    [InlineData("store_snapshot_every", "1.5", "abaco.store.snapshot_every must be a whole number of at least 1")]
    [InlineData("spawner_host_queues", "", "abaco.spawner.host_queues must list at least one queue")]
    [InlineData("spawner_host_queues", " , ", "abaco.spawner.host_queues must list at least one queue")]
    [InlineData("node_roles", "", "abaco.node.roles must be a non-empty list of roles among 'api', 'core' and 'spawner' but was empty")]
    [InlineData("node_roles", "api,worker", "abaco.node.roles must be a non-empty list of roles among 'api', 'core' and 'spawner' but contains 'worker'")]
    [InlineData("node_seed_nodes", "10.0.0.5:4053", "abaco.node.seed_nodes must hold Akka addresses")]
    [InlineData("web_ask_timeout", "30", "abaco.web.ask_timeout must be a positive duration with a unit")]
    [InlineData("docker_pull_timeout", "5 fortnights", "abaco.docker.pull_timeout must be a positive duration")]
    [InlineData("docker_start_timeout", "0s", "abaco.docker.start_timeout must be a positive duration")]
    [InlineData("docker_remove_timeout", "-5s", "abaco.docker.remove_timeout must be a positive duration")]
    [InlineData("workers_mem_limit", "1.5g", "abaco.workers.mem_limit must be a docker memory size such as '512m'")]
    [InlineData("workers_mem_limit", "0", "abaco.workers.mem_limit must be a docker memory size such as '512m'")]
    [InlineData("workers_max_cpus", "0", "abaco.workers.max_cpus must be -1 (unlimited) or a positive number of nano-CPUs")]
    [InlineData("workers_leave_containers", "maybe", "abaco.workers.leave_containers must be true or false")]
    [InlineData("web_show_traceback", "1", "abaco.web.show_traceback must be true or false")]
    [InlineData("store_backend", "mongo", "abaco.store.backend must be 'sqlite', 'postgres' or 'postgres+redis' but was 'mongo'")]
    [InlineData("store_retry_for", "30", "abaco.store.retry_for must be a positive duration with a unit")]
    [InlineData("store_postgres_connection", "", "abaco.store.postgres_connection must not be empty")]
    [InlineData("web_api_server", "172.17.0.1:8000", "abaco.web.api_server must be an absolute http(s) URL")]
    [InlineData("docker_dd", "/var/run/docker.sock", "abaco.docker.dd must be a Docker endpoint")]
    [InlineData("web_webhook_deny_cidrs", "10.0.0.0/8,metadata", "abaco.web.webhook_deny_cidrs must list CIDR ranges such as 169.254.0.0/16 or fe80::/10 but was 'metadata'")]
    [InlineData("general_tag", "", "abaco.general.tag must not be empty")]
    [InlineData("store_sqlite_file", "", "abaco.store.sqlite_file must not be empty")]
    public void Invalid_value_names_the_key(string variable, string value, string expected)
    {
        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(null, Env.Of((variable, value))));

        Assert.Contains(expected, error.Message);
        Assert.Contains($"(set by environment variable {variable})", error.Message);
        Assert.Single(error.Errors);
    }

    [Fact(DisplayName = "access_control = jwt without any key to verify tokens is refused, naming both keys")]
    public void Jwt_without_keys_is_refused()
    {
        var file = _dir.Write("jwt.hocon", "abaco.web.access_control = jwt");

        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(file, Env.None));

        Assert.Contains("abaco.web.access_control is 'jwt' but neither abaco.web.apim_public_key nor abaco.web.token_signing_key is set", error.Message);
        Assert.Contains($"(set by file {file})", error.Message);
    }

    [Fact(DisplayName = "access_control = jwt with an RSA public key loads")]
    public void Jwt_with_public_key_loads()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var key = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
        var file = _dir.Write("jwt.hocon", $"abaco.web {{\n access_control = jwt\n apim_public_key = \"{key}\"\n}}");

        var settings = AbacoConfiguration.Load(file, Env.None);

        Assert.Equal(Abaco.Core.Settings.AccessControl.Jwt, settings.Web.AccessControl);
        Assert.Equal(key, settings.Web.ApimPublicKey);
    }

    [Fact(DisplayName = "A public key that is not base64 DER RSA and a signing key shorter than 32 bytes are refused")]
    public void Bad_keys_are_refused()
    {
        var file = _dir.Write("keys.hocon", "abaco.web {\n apim_public_key = \"bm90IGEga2V5\"\n token_signing_key = \"c2hvcnQ=\"\n}");

        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(file, Env.None));

        Assert.Contains("abaco.web.apim_public_key must be an RSA public key as base64 DER", error.Message);
        Assert.Contains("abaco.web.token_signing_key must be base64 of at least 32 random bytes", error.Message);
    }

    [Fact(DisplayName = "Limits take seconds or -1, mounts need host:container:mode, and host queues must be among all queues")]
    public void Limits_mounts_and_queues_are_checked()
    {
        var file = _dir.Write("limits.hocon", string.Join('\n',
            "abaco.workers.max_run_time = 0",
            "abaco.workers.worker_ttl = soon",
            "abaco.workers.global_mounts = [\"/data:/data:rw\", \"/scratch:relative:ro\", \"/x:/y:rx\"]",
            "abaco.web.all_queues = [default]",
            "abaco.spawner.host_queues = [default, special]"));

        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(file, Env.None));

        Assert.Contains("abaco.workers.max_run_time must be a positive number of seconds, or -1 for no limit but was '0'", error.Message);
        Assert.Contains("abaco.workers.worker_ttl must be a positive number of seconds, or -1 for no limit but was 'soon'", error.Message);
        Assert.Contains("but was '/scratch:relative:ro'", error.Message);
        Assert.Contains("but was '/x:/y:rx'", error.Message);
        Assert.DoesNotContain("/data:/data:rw", error.Message);
        Assert.Contains("abaco.spawner.host_queues names 'special', which is not in abaco.web.all_queues [default]", error.Message);
        Assert.Equal(5, error.Errors.Count);
    }

    [Fact(DisplayName = "The new limits load: -1 means no limit, mounts are kept as written, all_queues empty means this host's")]
    public void Limits_load()
    {
        var file = _dir.Write("limits.hocon", string.Join('\n',
            "abaco.workers.max_run_time = 30",
            "abaco.workers.global_mounts = [\"/data/{username}:/work:rw\"]"));

        var settings = AbacoConfiguration.Load(file, Env.None);

        Assert.Equal(30, settings.Workers.MaxRunTime);
        Assert.Equal(-1, settings.Workers.WorkerTtl);
        Assert.Equal(["/data/{username}:/work:rw"], settings.Workers.GlobalMounts.ToArray());
        Assert.Equal(["default"], settings.Web.ValidQueues(settings.Spawner));
    }

    [Fact(DisplayName = "A misspelt key or section is refused, naming it and the known keys")]
    public void Unknown_keys_are_refused()
    {
        var file = _dir.Write("typo.hocon", "abaco {\n web.prot = 8001\n spawners.host_id = x\n}");

        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(file, Env.None));

        Assert.Contains("abaco.web.prot is not a known key", error.Message);
        Assert.Contains("host, port, access_control", error.Message);
        Assert.Contains("abaco.spawners is not a known section", error.Message);
        Assert.Equal(2, error.Errors.Count);
    }

    [Fact(DisplayName = "A list where a single value belongs, and a value where a list belongs, are refused")]
    public void Wrong_shapes_are_refused()
    {
        var file = _dir.Write("shapes.hocon", "abaco.web.port = [1, 2]\nabaco.spawner.host_queues { a = b }\nabaco.logs.levels = DEBUG");

        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(file, Env.None));

        Assert.Contains("abaco.web.port must be a single value", error.Message);
        Assert.Contains("abaco.spawner.host_queues must be a list", error.Message);
        Assert.Contains("abaco.logs.levels must be an object", error.Message);
    }

    [Fact(DisplayName = "A key set to null is reported as not set")]
    public void Null_is_not_set()
    {
        var file = _dir.Write("null.hocon", "abaco.web.tenant_name = null");

        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(file, Env.None));

        Assert.Contains("abaco.web.tenant_name must be set", error.Message);
    }

    [Fact(DisplayName = "Every problem is reported at once, in the order of abaco.hocon")]
    public void All_problems_are_reported_together()
    {
        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(null, Env.Of(
            ("web_case", "kebab"), ("node_port", "99999"), ("workers_mem_limit", "lots"))));

        Assert.Equal(3, error.Errors.Count);
        Assert.StartsWith("abaco.node.port", error.Errors[0]);
        Assert.StartsWith("abaco.web.case", error.Errors[1]);
        Assert.StartsWith("abaco.workers.mem_limit", error.Errors[2]);
        Assert.Contains("3 problems", error.Message);
    }

    [Theory(DisplayName = "Booleans accept true/false, yes/no and on/off in any case")]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("yes", true)]
    [InlineData("ON", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    public void Booleans(string value, bool expected)
    {
        var fromEnvironment = AbacoConfiguration.Load(null, Env.Of(("web_show_traceback", value)));
        var fromFile = AbacoConfiguration.Load(_dir.Write("b.hocon", $"abaco.workers.leave_containers = {value}"), Env.None);

        Assert.Equal(expected, fromEnvironment.Web.ShowTraceback);
        Assert.Equal(expected, fromFile.Workers.LeaveContainers);
    }

    [Fact(DisplayName = "Enumerations are case-insensitive and log levels are normalised to upper case")]
    public void Enumerations_ignore_case()
    {
        var settings = AbacoConfiguration.Load(null, Env.Of(
            ("web_case", "CAMEL"), ("web_access_control", "None"), ("store_backend", "SQLite"), ("logs_level", "warning"),
            ("node_roles", "API, Core")));

        Assert.Equal(CaseStyle.Camel, settings.Web.Case);
        Assert.Equal(AccessControl.None, settings.Web.AccessControl);
        Assert.Equal(StoreBackend.Sqlite, settings.Store.Backend);
        Assert.Equal("WARNING", settings.Logs.Level);
        Assert.Equal(["api", "core"], settings.Node.Roles.ToArray());
    }

    [Fact(DisplayName = "HOCON durations, docker sizes, nano-CPUs and seed addresses are read as documented")]
    public void Valid_values_are_read()
    {
        var file = _dir.Write("valid.hocon", """
            abaco {
              web.ask_timeout = 1500ms
              docker.pull_timeout = 2 minutes
              docker.dd = "tcp://10.0.0.2:2375"
              workers.mem_limit = 512m
              workers.max_cpus = 1000000000
              node.seed_nodes = ["akka.tcp://abaco@10.0.0.5:4053", "akka.tcp://abaco@10.0.0.6:4053"]
              spawner.host_queues = [default, default, special]
            }
            """);

        var settings = AbacoConfiguration.Load(file, Env.None);

        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.Web.AskTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.Docker.PullTimeout);
        Assert.Equal("tcp://10.0.0.2:2375", settings.Docker.Dd);
        Assert.Equal("512m", settings.Workers.MemLimit);
        Assert.Equal(1_000_000_000L, settings.Workers.MaxCpus);
        Assert.Equal(2, settings.Node.SeedNodes.Length);
        Assert.Equal(["default", "special"], settings.Spawner.HostQueues.ToArray());
    }
}
