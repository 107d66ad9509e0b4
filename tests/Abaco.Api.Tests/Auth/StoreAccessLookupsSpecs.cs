using Abaco.Api.Auth;
using Abaco.Core.Workers;
using Abaco.Stores.Sqlite;

namespace Abaco.Api.Tests.Auth;

/// <summary>The lookups the access control makes, over a real (SQLite) clients store.</summary>
public sealed class StoreAccessLookupsSpecs : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "abaco-lookups-" + Guid.NewGuid().ToString("N"));
    private SqliteStores _stores = null!;

    public Task InitializeAsync()
    {
        _stores = new SqliteStores(Path.Combine(_directory, "abaco.db"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stores.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact(DisplayName = "A worker's client exists only under its actor and worker, with its own id, until it is deleted")]
    public async Task Client_exists()
    {
        var lookups = new StoreAccessLookups(_stores.Permissions, _stores.Aliases, _stores.Clients);
        var client = WorkerClientRecord.New("DEV", "a1", "w1", "jdoe", DateTime.UtcNow);
        await _stores.Clients.AddAsync(client);

        Assert.True(await lookups.ClientExistsAsync("DEV_a1", "w1", client.ClientId, CancellationToken.None));
        Assert.False(await lookups.ClientExistsAsync("DEV_a1", "w1", "another-id", CancellationToken.None));
        Assert.False(await lookups.ClientExistsAsync("DEV_a1", "w2", client.ClientId, CancellationToken.None));
        Assert.False(await lookups.ClientExistsAsync("DEV_a2", "w1", client.ClientId, CancellationToken.None));

        await _stores.Clients.DeleteAsync("DEV_a1", "w1");

        Assert.False(await lookups.ClientExistsAsync("DEV_a1", "w1", client.ClientId, CancellationToken.None));
    }
}
