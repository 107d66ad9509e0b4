using Abaco.Core.Settings;
using Xunit;

namespace Abaco.Configuration.Tests;

public sealed class LayeringSpecs : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact(DisplayName = "An overlay file overrides only its own keys")]
    public void Overlay_overrides_only_its_keys()
    {
        var file = _dir.Write("overlay.hocon", """
            abaco {
              web {
                port = 8001
                case = camel
              }
              spawner.host_queues = [default, special]
              logs.levels { spawner = debug }
            }
            """);

        var settings = AbacoConfiguration.Load(file, Env.None);

        var expected = AbacoSettings.Defaults with
        {
            Web = AbacoSettings.Defaults.Web with { Port = 8001, Case = CaseStyle.Camel },
            Spawner = AbacoSettings.Defaults.Spawner with { HostQueues = ["default", "special"] },
            Logs = AbacoSettings.Defaults.Logs with { Levels = AbacoSettings.Defaults.Logs.Levels.Add("spawner", "DEBUG") },
        };
        SettingsAssert.Equal(expected, settings);
    }

    [Fact(DisplayName = "ABACO_CONF names the overlay when no path is given")]
    public void Abaco_conf_is_used_without_a_path()
    {
        var file = _dir.Write("from-env.hocon", "abaco.web.tenant_name = SD2E");

        var settings = AbacoConfiguration.Load(null, Env.Of(("ABACO_CONF", file)));

        Assert.Equal("SD2E", settings.Web.TenantName);
    }

    [Fact(DisplayName = "An explicit path wins over ABACO_CONF")]
    public void Explicit_path_wins_over_abaco_conf()
    {
        var explicitFile = _dir.Write("explicit.hocon", "abaco.web.tenant_name = explicit");
        var fromEnv = _dir.Write("env.hocon", "abaco.web.tenant_name = from-env");

        var loaded = AbacoConfiguration.LoadWithHocon(explicitFile, Env.Of(("ABACO_CONF", fromEnv)));

        Assert.Equal("explicit", loaded.Settings.Web.TenantName);
        Assert.Equal(explicitFile, loaded.ConfigFile);
    }

    [Fact(DisplayName = "Without a path or ABACO_CONF only the defaults apply")]
    public void No_file_means_defaults()
    {
        var loaded = AbacoConfiguration.LoadWithHocon(null, Env.Of(("ABACO_CONF", "")));

        Assert.Null(loaded.ConfigFile);
        SettingsAssert.Equal(AbacoSettings.Defaults, loaded.Settings);
    }

    [Fact(DisplayName = "Environment overrides in the original's {section}_{key} style win over the file")]
    public void Plain_environment_overrides_win_over_the_file()
    {
        var file = _dir.Write("overlay.hocon", "abaco { web.case = snake\n workers.init_count = 3\n web.port = 9000 }");

        var settings = AbacoConfiguration.Load(file, Env.Of(
            ("web_case", "camel"),
            ("workers_init_count", "0"),
            ("spawner_host_queues", "default, special"),
            ("workers_leave_containers", "True"),
            ("docker_pull_timeout", "90s")));

        Assert.Equal(CaseStyle.Camel, settings.Web.Case);
        Assert.Equal(0, settings.Workers.InitCount);
        Assert.Equal(9000, settings.Web.Port);
        Assert.Equal(["default", "special"], settings.Spawner.HostQueues.ToArray());
        Assert.True(settings.Workers.LeaveContainers);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.Docker.PullTimeout);
    }

    [Fact(DisplayName = "Environment overrides in the ABACO__{section}__{key} style win over the file, in any case")]
    public void Prefixed_environment_overrides_win_over_the_file()
    {
        var file = _dir.Write("overlay.hocon", "abaco.web.port = 9000\nabaco.node.roles = [api]");

        var settings = AbacoConfiguration.Load(file, Env.Of(
            ("ABACO__WEB__PORT", "9100"),
            ("ABACO__node__roles", "core,spawner"),
            ("abaco__logs__LEVEL", "debug")));

        Assert.Equal(9100, settings.Web.Port);
        Assert.Equal(["core", "spawner"], settings.Node.Roles.ToArray());
        Assert.Equal("DEBUG", settings.Logs.Level);
    }

    [Fact(DisplayName = "ABACO__ wins when both styles set the same key")]
    public void Prefixed_style_wins_over_plain_style()
    {
        var settings = AbacoConfiguration.Load(null, Env.Of(("web_port", "8100"), ("ABACO__web__port", "8200")));

        Assert.Equal(8200, settings.Web.Port);
    }

    [Fact(DisplayName = "Two ABACO__ spellings of one key are refused, naming both variables")]
    public void Two_prefixed_spellings_are_refused()
    {
        var error = Assert.Throws<AbacoConfigurationException>(() =>
            AbacoConfiguration.Load(null, Env.Of(("ABACO__web__port", "1"), ("ABACO__WEB__PORT", "2"))));

        Assert.Contains("abaco.web.port", error.Message);
        Assert.Contains("ABACO__web__port", error.Message);
        Assert.Contains("ABACO__WEB__PORT", error.Message);
    }

    [Fact(DisplayName = "Per-module log levels come from logs_levels_{module} and ABACO__logs__levels__{module}")]
    public void Module_levels_from_the_environment()
    {
        var file = _dir.Write("overlay.hocon", "abaco.logs.levels { worker = ERROR }");

        var settings = AbacoConfiguration.Load(file, Env.Of(
            ("logs_levels_spawner", "DEBUG"),
            ("ABACO__logs__levels__controllers", "warning")));

        Assert.Equal(
            [new("controllers", "WARNING"), new("spawner", "DEBUG"), new KeyValuePair<string, string>("worker", "ERROR")],
            settings.Logs.Levels.OrderBy(pair => pair.Key));
    }

    [Fact(DisplayName = "Unrelated variables, upper-case look-alikes and null values are ignored")]
    public void Unrelated_variables_are_ignored()
    {
        var settings = AbacoConfiguration.Load(null, Env.Of(
            ("PATH", "/usr/bin"),
            ("WEB_PORT", "tcp://10.0.0.1:80"),   // a Kubernetes service variable, not ours
            ("web_nonsense", "x"),
            ("web_port", null),
            ("ABACO__web", "x"),
            ("ABACO__web__port__extra", "x"),
            ("ABACO__nothing__here", "x"),
            ("HOME", "/root")));

        SettingsAssert.Equal(AbacoSettings.Defaults, settings);
    }

    [Fact(DisplayName = "An empty list variable gives an empty list")]
    public void Empty_list_variable()
    {
        var file = _dir.Write("overlay.hocon", "abaco.node.seed_nodes = [\"akka.tcp://abaco@10.0.0.5:4053\"]");

        Assert.Equal(["akka.tcp://abaco@10.0.0.5:4053"], AbacoConfiguration.Load(file, Env.None).Node.SeedNodes.ToArray());
        Assert.Empty(AbacoConfiguration.Load(file, Env.Of(("node_seed_nodes", ""))).Node.SeedNodes.ToArray());
    }

    [Fact(DisplayName = "Environment values are taken literally: quotes, braces and ${} are not HOCON syntax")]
    public void Environment_values_are_literal()
    {
        var settings = AbacoConfiguration.Load(null, Env.Of(("web_tenant_name", "a\"b}${c}\\d # e")));

        Assert.Equal("a\"b}${c}\\d # e", settings.Web.TenantName);
    }

    [Fact(DisplayName = "A comma-separated string is accepted for a list key in a file, as in abaco.conf")]
    public void Comma_string_for_a_list_in_a_file()
    {
        var file = _dir.Write("overlay.hocon", "abaco.spawner.host_queues = \"default, special\"");

        Assert.Equal(["default", "special"], AbacoConfiguration.Load(file, Env.None).Spawner.HostQueues.ToArray());
    }

    [Fact(DisplayName = "A missing file is an error naming the path")]
    public void Missing_file_names_the_path()
    {
        var missing = Path.Combine(_dir.Path, "nope.hocon");

        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(missing, Env.None));

        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact(DisplayName = "A missing file named by ABACO_CONF is an error naming the path and the variable")]
    public void Missing_file_from_abaco_conf_names_the_path()
    {
        var missing = Path.Combine(_dir.Path, "gone.hocon");

        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(null, Env.Of(("ABACO_CONF", missing))));

        Assert.Contains(missing, error.Message);
        Assert.Contains("ABACO_CONF", error.Message);
    }

    [Fact(DisplayName = "A relative path is reported with its full path")]
    public void Relative_missing_path_is_reported_in_full()
    {
        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load("hocon/does-not-exist.hocon", Env.None));

        Assert.Contains("'hocon/does-not-exist.hocon'", error.Message);
        Assert.Contains(Path.GetFullPath("hocon/does-not-exist.hocon"), error.Message);
    }

    [Fact(DisplayName = "include is refused with a message naming the file")]
    public void Include_is_refused()
    {
        var file = _dir.Write("with-include.hocon", "include \"other.conf\"\nabaco.web.port = 1");

        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(file, Env.None));

        Assert.Contains(file, error.Message);
        Assert.Contains("include", error.Message);
    }

    [Fact(DisplayName = "An empty overlay file changes nothing")]
    public void Empty_file_changes_nothing()
    {
        var file = _dir.Write("empty.hocon", "  \n# nothing here\n");

        SettingsAssert.Equal(AbacoSettings.Defaults, AbacoConfiguration.Load(file, Env.None));
    }

    [Fact(DisplayName = "akka { } blocks of the overlay reach the merged HOCON")]
    public void Akka_block_is_kept()
    {
        var file = _dir.Write("akka.hocon", """
            akka.cluster.failure-detector.threshold = 12.0
            abaco.web.port = 8123
            """);

        var loaded = AbacoConfiguration.LoadWithHocon(file, Env.Of(("web_case", "camel")));

        Assert.Equal("12.0", loaded.Hocon.GetString("akka.cluster.failure-detector.threshold"));
        Assert.Equal("8123", loaded.Hocon.GetString("abaco.web.port"));
        Assert.Equal("camel", loaded.Hocon.GetString("abaco.web.case"));
        Assert.Equal("", loaded.Hocon.GetString("abaco.web.host"));
        Assert.Equal(8123, loaded.Settings.Web.Port);
    }

    [Fact(DisplayName = "LoadHocon returns the merged layers and Bind validates them")]
    public void LoadHocon_then_Bind()
    {
        var hocon = AbacoConfiguration.LoadHocon(null, Env.Of(("web_port", "8555")));

        Assert.Equal(8555, AbacoConfiguration.Bind(hocon).Web.Port);
    }

    [Fact(DisplayName = "Loading overlays and overrides never changes the defaults of a later load")]
    public void Loads_do_not_leak_into_each_other()
    {
        var file = _dir.Write("overlay.hocon", "abaco.logs.levels { spawner = DEBUG }\nabaco.spawner.host_queues = [special]");
        AbacoConfiguration.Load(file, Env.Of(("logs_levels_worker", "ERROR"), ("web_port", "1")));
        AbacoConfiguration.Bind(AbacoConfiguration.LoadHocon(file, Env.None));

        SettingsAssert.Equal(AbacoSettings.Defaults, AbacoConfiguration.Load(null, Env.None));
        Assert.Equal(AbacoConfiguration.DefaultsText, File.ReadAllText(Env.Checked("abaco.hocon")));
    }

    [Fact(DisplayName = "Port 0 (any free port) is accepted for web.port and node.port")]
    public void Port_zero_is_accepted()
    {
        var settings = AbacoConfiguration.Load(null, Env.Of(("web_port", "0"), ("node_port", "0")));

        Assert.Equal(0, settings.Web.Port);
        Assert.Equal(0, settings.Node.Port);
    }

    [Fact(DisplayName = "hocon/test.hocon loads, validates and puts everything on loopback with free ports")]
    public void Test_overlay_loads()
    {
        var settings = AbacoConfiguration.Load(Env.Checked("hocon/test.hocon"), Env.None);

        Assert.Equal("127.0.0.1", settings.Web.Host);
        Assert.Equal(0, settings.Web.Port);
        Assert.Equal("127.0.0.1", settings.Node.Hostname);
        Assert.Equal(0, settings.Node.Port);
        Assert.Equal(new AdminSettings("127.0.0.1", 0), settings.Admin);
        Assert.True(settings.Docker.PullTimeout < AbacoSettings.Defaults.Docker.PullTimeout);
        Assert.Equal(AbacoSettings.Defaults.Docker.StartTimeout, settings.Docker.StartTimeout);
        Assert.Equal(AbacoSettings.Defaults.Docker.RemoveTimeout, settings.Docker.RemoveTimeout);
        Assert.Equal(AbacoSettings.Defaults.Store with { SnapshotEvery = settings.Store.SnapshotEvery }, settings.Store);
    }

    [Fact(DisplayName = "hocon/local-dev.hocon loads, validates and only changes what it lists")]
    public void Local_dev_overlay_loads()
    {
        var settings = AbacoConfiguration.Load(Env.Checked("hocon/local-dev.hocon"), Env.None);

        Assert.Equal("DEBUG", settings.Logs.Levels["spawner"]);
        Assert.True(settings.Web.ShowTraceback);
        Assert.Equal(AbacoSettings.Defaults.Node.DataDir, settings.Node.DataDir);
        SettingsAssert.Equal(
            AbacoSettings.Defaults with
            {
                Logs = settings.Logs,
                Web = AbacoSettings.Defaults.Web with { ShowTraceback = true },
                Workers = AbacoSettings.Defaults.Workers with { LeaveContainers = true },
            },
            settings);
    }

    [Fact(DisplayName = "hocon/production.hocon selects PostgreSQL and Redis; the environment supplies the servers")]
    public void Production_overlay_loads()
    {
        var env = new Dictionary<string, string?>
        {
            ["store_postgres_connection"] = "Host=db1;Port=6432;Username=abaco;Database=abaco",
            ["ABACO__STORE__REDIS_CONFIGURATION"] = "redis1:6380,password=secret",
        };

        var settings = AbacoConfiguration.Load(Env.Checked("hocon/production.hocon"), Env.None);
        var fromEnvironment = AbacoConfiguration.Load(Env.Checked("hocon/production.hocon"), env);

        Assert.Equal(StoreBackend.PostgresRedis, settings.Store.Backend);
        Assert.True(settings.Store.UsesPostgres);
        Assert.Equal("127.0.0.1:6379", settings.Store.RedisConfiguration);
        Assert.Equal("Host=db1;Port=6432;Username=abaco;Database=abaco", fromEnvironment.Store.PostgresConnection);
        Assert.Equal("redis1:6380,password=secret", fromEnvironment.Store.RedisConfiguration);
        Assert.Equal(AbacoSettings.Defaults.Store.RetryFor, fromEnvironment.Store.RetryFor);
    }

    [Fact(DisplayName = "Every file in hocon/ loads and validates")]
    public void Every_overlay_in_hocon_loads()
    {
        var overlays = Directory.GetFiles(Env.Checked("hocon"), "*.hocon");

        Assert.NotEmpty(overlays);
        foreach (var overlay in overlays)
        {
            AbacoConfiguration.Load(overlay, Env.None);
        }
    }
}
