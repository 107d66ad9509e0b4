using System.Text;
using Abaco.Stores.Tests.Backends;

namespace Abaco.Stores.Tests;

public abstract class ResultStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    // Real time: pushing purges what has expired by the wall clock, so samples must expire in the future.
    private readonly DateTime _now = DateTime.UtcNow;

    private IResultStore Results => Stores.Results;

    private DateTime Later => _now.AddMinutes(20);

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private async Task<string?> PopText(string actorDbId, string executionId, DateTime? now = null) =>
        await Results.PopAsync(actorDbId, executionId, now ?? _now) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    [Fact(DisplayName = "Results come out oldest first, each once, then there are none")]
    public async Task Fifo_and_destructive()
    {
        foreach (var text in new[] { "first", "second", "third" }) await Results.PushAsync("DEV_a1", "e1", Bytes(text), Later);

        Assert.Equal("first", await PopText("DEV_a1", "e1"));
        await Results.PushAsync("DEV_a1", "e1", Bytes("fourth"), Later);
        Assert.Equal("second", await PopText("DEV_a1", "e1"));
        Assert.Equal("third", await PopText("DEV_a1", "e1"));
        Assert.Equal("fourth", await PopText("DEV_a1", "e1"));
        Assert.Null(await PopText("DEV_a1", "e1"));
        Assert.Null(await PopText("DEV_a1", "never"));
    }

    [Fact(DisplayName = "Each execution has its own queue, even when ids collide across actors or tenants")]
    public async Task Queue_per_execution()
    {
        await Results.PushAsync("DEV_a1", "e1", Bytes("a1-e1"), Later);
        await Results.PushAsync("DEV_a1", "e2", Bytes("a1-e2"), Later);
        await Results.PushAsync("DEV_a2", "e1", Bytes("a2-e1"), Later);
        await Results.PushAsync("dev_a1", "e1", Bytes("lower-a1-e1"), Later);

        Assert.Equal("a1-e2", await PopText("DEV_a1", "e2"));
        Assert.Equal("a2-e1", await PopText("DEV_a2", "e1"));
        Assert.Equal("lower-a1-e1", await PopText("dev_a1", "e1"));
        Assert.Equal("a1-e1", await PopText("DEV_a1", "e1"));
        Assert.Null(await PopText("DEV_a1", "e1"));
    }

    [Fact(DisplayName = "Expired results are skipped: the oldest result still valid at the given time is returned")]
    public async Task Expired_are_skipped()
    {
        await Results.PushAsync("DEV_a1", "e1", Bytes("short-lived"), _now.AddMinutes(1));
        await Results.PushAsync("DEV_a1", "e1", Bytes("long-lived"), _now.AddMinutes(30));
        await Results.PushAsync("DEV_a1", "e1", Bytes("short-lived-too"), _now.AddMinutes(2));

        Assert.Equal("long-lived", await PopText("DEV_a1", "e1", _now.AddMinutes(5)));
        Assert.Null(await PopText("DEV_a1", "e1", _now.AddMinutes(5)));
        Assert.Null(await PopText("DEV_a1", "e1", _now));
    }

    [Fact(DisplayName = "A result exactly at its expiry time is expired")]
    public async Task Expiry_boundary()
    {
        var expiresAt = _now.AddMinutes(1);
        await Results.PushAsync("DEV_a1", "e1", Bytes("x"), expiresAt);
        await Results.PushAsync("DEV_a1", "e2", Bytes("y"), expiresAt);

        Assert.Null(await PopText("DEV_a1", "e1", expiresAt));
        Assert.Equal("y", await PopText("DEV_a1", "e2", expiresAt.AddTicks(-1)));
    }

    [Fact(DisplayName = "Results are raw bytes: a 128 KiB binary result, zero bytes and an empty result read back exactly")]
    public async Task Bytes_are_exact()
    {
        var large = new byte[131_072];
        new Random(42).NextBytes(large);
        byte[] zeros = [0, 0, 0];

        await Results.PushAsync("DEV_a1", "e1", large, Later);
        await Results.PushAsync("DEV_a1", "e1", zeros, Later);
        await Results.PushAsync("DEV_a1", "e1", [], Later);

        Assert.Equal(large, await Results.PopAsync("DEV_a1", "e1", _now));
        Assert.Equal(zeros, await Results.PopAsync("DEV_a1", "e1", _now));
        Assert.Equal(Array.Empty<byte>(), await Results.PopAsync("DEV_a1", "e1", _now));
        Assert.Null(await Results.PopAsync("DEV_a1", "e1", _now));
    }

    [Fact(DisplayName = "Deleting an actor's results empties all its executions' queues and no other actor's")]
    public async Task Delete_for_actor()
    {
        await Results.PushAsync("DEV_a1", "e1", Bytes("1"), Later);
        await Results.PushAsync("DEV_a1", "e2", Bytes("2"), Later);
        await Results.PushAsync("DEV_a2", "e1", Bytes("3"), Later);

        await Results.DeleteForActorAsync("DEV_a1");

        Assert.Null(await PopText("DEV_a1", "e1"));
        Assert.Null(await PopText("DEV_a1", "e2"));
        Assert.Equal("3", await PopText("DEV_a2", "e1"));
    }

    [Fact(DisplayName = "Concurrent readers of one queue get every result exactly once")]
    public async Task Concurrent_pops_deliver_each_once()
    {
        var pushed = Enumerable.Range(0, 200).Select(i => $"r{i}").ToArray();
        foreach (var text in pushed) await Results.PushAsync("DEV_a1", "e1", Bytes(text), Later);

        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var got = new List<string>();
            while (await PopText("DEV_a1", "e1") is { } text) got.Add(text);
            return got;
        }));
        var perReader = await Task.WhenAll(readers);

        Assert.Equal(pushed.Order(StringComparer.Ordinal), perReader.SelectMany(r => r).Order(StringComparer.Ordinal));
        // Each reader saw its share in push order.
        Assert.All(perReader, got => Assert.Equal(got.OrderBy(t => int.Parse(t[1..])), got));
    }

    [Fact(DisplayName = "Expired results that nobody reads do not pile up: later pushes (SQL) or key expiry (Redis) drop them")]
    public async Task Expired_results_are_purged()
    {
        for (var i = 0; i < 50; i++) await Results.PushAsync($"DEV_a{i % 5}", $"e{i}", Bytes("stale"), DateTime.UtcNow.AddDays(-1));

        await Results.PushAsync("DEV_other", "e1", Bytes("fresh"), Later);

        Assert.Equal(1, await Backend.CountStoredResultsAsync());
        Assert.Equal("fresh", await PopText("DEV_other", "e1"));
    }
}

public sealed class SqliteResultStoreSpecs() : ResultStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresResultStoreSpecs() : ResultStoreSpecs(new PostgresStoresUnderTest());

public sealed class ProductionResultStoreSpecs() : ResultStoreSpecs(new ProductionStoresUnderTest());
