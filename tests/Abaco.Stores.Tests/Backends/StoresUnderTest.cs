namespace Abaco.Stores.Tests.Backends;

/// <summary>
/// One backend for the contract specs: a fresh, empty place to keep data (a temp file, a new database, a new key
/// prefix) per test. <see cref="OpenAsync"/> opens the stores on it; calling it again opens another instance over the
/// same data, as a second node or a restarted one would. Everything opened is disposed with this.
/// </summary>
public abstract class StoresUnderTest : IAsyncDisposable
{
    private readonly List<IAbacoStores> _opened = [];

    public async Task<IAbacoStores> OpenAsync()
    {
        var stores = await OpenStoresAsync();
        _opened.Add(stores);
        return stores;
    }

    protected abstract Task<IAbacoStores> OpenStoresAsync();

    /// <summary>How many results are physically kept (readable or not), to check expired ones do not pile up.</summary>
    public abstract Task<long> CountStoredResultsAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var stores in _opened) await stores.DisposeAsync();
        await CleanUpAsync();
    }

    protected abstract ValueTask CleanUpAsync();
}
