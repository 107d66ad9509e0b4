using Abaco.Core.Ids;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Runtime.Hosting.Tests;

/// <summary>
/// The SQLite journal as a node wires it: a burst of messages is journalled in batches of hundreds of events (one
/// multi-row INSERT each, its payloads passed as parameters), and every accepted message is there after a restart.
/// </summary>
public sealed class JournalBatchSpecs : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"abaco-journal-{Guid.NewGuid():N}");
    private SqliteStores _stores = null!;

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        _stores = new SqliteStores(Path.Combine(_dataDir, "stores.db"));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stores.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact(DisplayName = "A burst of a thousand messages is journalled in multi-row batches and all of them are queued again after a restart")]
    public async Task Burst_survives_restart()
    {
        var settings = TestNodes.Settings(Path.Combine(_dataDir, "core"), [NodeRoles.Core]);
        var key = ActorKey.Of("DEV", "burst");
        const int messages = 1000;

        var accepted = await WithNodeAsync(settings, async region =>
        {
            var reply = await region.Ask<ActorReply>(new RegisterActor(key, Samples.Definition(), Samples.Owner, Samples.ApiServer), Wait, Ct);
            Assert.True(reply.Result.IsOk, reply.Result.Message);
            // All at once: the entity persists them asynchronously, so the journal receives them in large batches.
            var sends = Enumerable.Range(0, messages)
                .Select(i => region.Ask<MessageAccepted>(new SendMessage(key, Samples.Message($"burst-{i}")), Wait, Ct));
            return (await Task.WhenAll(sends)).Select(a => a.ExecutionId.Value).ToHashSet();
        });
        Assert.Equal(messages, accepted.Count);

        var recovered = await WithNodeAsync(settings, async region =>
            (await region.Ask<MessageCount>(new GetMessageCount(key), Wait, Ct)).Count);

        Assert.Equal(messages, recovered);
    }

    private async Task<T> WithNodeAsync<T>(AbacoSettings settings, Func<IActorRef, Task<T>> use)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(Wait);
        var host = await TestNodes.StartAsync(settings, _stores, cts.Token);
        try
        {
            var region = await ActorRegistry.For(host.Services.GetRequiredService<ActorSystem>())
                .GetAsync<ActorEntityRegion>(cts.Token);
            return await use(region);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
    }
}
