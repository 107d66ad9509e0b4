using Abaco.Metrics;
using Abaco.Stores.Metered;

namespace Abaco.Stores.Tests;

/// <summary>The stores a node runs with: every call timed into <c>abaco_store_operation_seconds</c>.</summary>
public sealed class MeteredStoresSpecs
{
    public interface IProbe
    {
        Task<int> WaitAsync(Task<int> gate);
        int Fail();
    }

    private sealed class Probe : IProbe
    {
        public Task<int> WaitAsync(Task<int> gate) => gate;
        public int Fail() => throw new InvalidOperationException("refused by the store");
    }

    private static long Count(string store, string operation) =>
        AbacoMetrics.StoreOperations.WithLabels(store, operation).Count;

    [Fact(DisplayName = "A store call is timed when its task completes, under its store and operation, and returns the store's answer")]
    public async Task Timed_when_the_task_completes()
    {
        var store = $"probe-{Guid.NewGuid():N}";
        var probe = TimedCalls.Wrap<IProbe>(new Probe(), store);
        var gate = new TaskCompletionSource<int>();

        var call = probe.WaitAsync(gate.Task);
        Assert.Equal(0, Count(store, "wait"));
        gate.SetResult(42);

        Assert.Equal(42, await call);
        Assert.Equal(1, Count(store, "wait"));
    }

    [Fact(DisplayName = "A store call that throws is timed and throws the store's own exception")]
    public void Failures_are_timed_and_unchanged()
    {
        var store = $"probe-{Guid.NewGuid():N}";
        var probe = TimedCalls.Wrap<IProbe>(new Probe(), store);

        var e = Assert.Throws<InvalidOperationException>(() => probe.Fail());

        Assert.Equal("refused by the store", e.Message);
        Assert.Equal(1, Count(store, "fail"));
    }

    [Theory(DisplayName = "Operations are named after the interface's methods, in snake case without Async")]
    [InlineData("UpsertAsync", "upsert")]
    [InlineData("CountByStatusAsync", "count_by_status")]
    [InlineData("Get", "get")]
    public void Operation_names(string method, string operation) => Assert.Equal(operation, TimedCalls.OperationOf(method));

    [Fact(DisplayName = "A metered SQLite store keeps what it is told and counts the calls under the collection's name")]
    public async Task Metered_sqlite_round_trips()
    {
        await using var temp = new TempStores();
        var stores = MeteredStores.Wrap(temp.Open());
        var actor = StoreSamples.FullActor();
        var before = Count("actors", "upsert");

        await stores.Actors.UpsertAsync(actor);

        Assert.Equal(actor.DbId, (await stores.Actors.GetAsync(actor.DbId))?.DbId);
        Assert.True(Count("actors", "upsert") > before);
        Assert.IsNotAssignableFrom<IRebuildableStores>(stores);
    }
}
