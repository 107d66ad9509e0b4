using Xunit;

namespace Abaco.Configuration.Tests;

/// <summary>The message-environment keys of abaco.web and the container-hardening keys of abaco.workers.</summary>
public sealed class EnvironmentAndHardeningKeysSpecs : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory(DisplayName = "Invalid message-environment and hardening values stop loading, naming the key")]
    [InlineData("web_max_message_env_bytes", "100", "abaco.web.max_message_env_bytes must be a whole number of at least 1024")]
    [InlineData("web_max_message_env_bytes", "2000000", "abaco.web.max_message_env_bytes must be at most 1048576")]
    [InlineData("web_protected_env_names", "LD_*,bad-name", "abaco.web.protected_env_names must list environment variable names")]
    [InlineData("workers_no_new_privileges", "maybe", "abaco.workers.no_new_privileges must be true or false")]
    [InlineData("workers_pids_limit", "0", "abaco.workers.pids_limit must be a positive number of processes, or -1")]
    [InlineData("workers_pids_limit", "-2", "abaco.workers.pids_limit must be a whole number of at least -1")]
    [InlineData("workers_log_max_size", "lots", "abaco.workers.log_max_size must be a size such as 10m")]
    [InlineData("workers_log_max_file", "0", "abaco.workers.log_max_file must be a whole number of at least 1")]
    public void Invalid_values(string variable, string value, string expected)
    {
        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(null, Env.Of((variable, value))));

        Assert.Contains(expected, error.Message);
        Assert.Single(error.Errors);
    }

    [Fact(DisplayName = "The keys load as written; -1 turns the pids limit and log rotation off")]
    public void Keys_load()
    {
        var file = _dir.Write("hardening.hocon", string.Join('\n',
            "abaco.web.max_message_env_bytes = 4096",
            "abaco.web.protected_env_names = [\"LD_*\", \"MY_HOOK\"]",
            "abaco.workers.no_new_privileges = false",
            "abaco.workers.privileged_may_gain_privileges = false",
            "abaco.workers.pids_limit = -1",
            "abaco.workers.log_max_size = \"-1\"",
            "abaco.workers.log_max_file = 5"));

        var settings = AbacoConfiguration.Load(file, Env.None);

        Assert.Equal(4096, settings.Web.MaxMessageEnvBytes);
        Assert.Equal(["LD_*", "MY_HOOK"], settings.Web.ProtectedEnvNames.ToArray());
        Assert.False(settings.Workers.NoNewPrivileges);
        Assert.False(settings.Workers.PrivilegedMayGainPrivileges);
        Assert.Equal(-1, settings.Workers.PidsLimit);
        Assert.Equal("-1", settings.Workers.LogMaxSize);
        Assert.Equal(5, settings.Workers.LogMaxFile);
    }
}
