using Xunit;

namespace Abaco.Configuration.Tests;

/// <summary>The caps on queued messages and results: defaults, overrides, and values below 1 refused.</summary>
public sealed class BoundsKeysSpecs : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact(DisplayName = "The caps default to 10000 queued messages, 1000 results and 64 MiB of results; a file changes them")]
    public void Defaults_and_overrides()
    {
        var defaults = AbacoConfiguration.Load(null, Env.None);
        Assert.Equal(10_000, defaults.Web.MaxQueuedMessagesPerActor);
        Assert.Equal(1000, defaults.Workers.MaxResultsPerExecution);
        Assert.Equal(64L * 1024 * 1024, defaults.Workers.MaxResultBytesPerExecution);

        var file = _dir.Write("caps.hocon", string.Join('\n',
            "abaco.web.max_queued_messages_per_actor = 5",
            "abaco.workers.max_results_per_execution = 7",
            "abaco.workers.max_result_bytes_per_execution = 4096"));
        var settings = AbacoConfiguration.Load(file, Env.None);

        Assert.Equal(5, settings.Web.MaxQueuedMessagesPerActor);
        Assert.Equal(7, settings.Workers.MaxResultsPerExecution);
        Assert.Equal(4096, settings.Workers.MaxResultBytesPerExecution);
    }

    [Theory(DisplayName = "A cap below 1 stops loading, naming the key")]
    [InlineData("web_max_queued_messages_per_actor", "abaco.web.max_queued_messages_per_actor")]
    [InlineData("workers_max_results_per_execution", "abaco.workers.max_results_per_execution")]
    [InlineData("workers_max_result_bytes_per_execution", "abaco.workers.max_result_bytes_per_execution")]
    public void Below_one_is_refused(string variable, string key)
    {
        var error = Assert.Throws<AbacoConfigurationException>(() => AbacoConfiguration.Load(null, Env.Of((variable, "0"))));

        Assert.Contains(key, error.Message);
    }
}
