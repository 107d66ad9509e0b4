namespace Abaco.Stores.Tests.Backends;

/// <summary>
/// What every contract spec class shares: its backend, and the stores opened on it before each test. The spec
/// classes are abstract; one small sealed subclass per backend runs them (xunit names the subclass in its output).
/// </summary>
public abstract class StoreSpecs(StoresUnderTest backend) : IAsyncLifetime
{
    protected StoresUnderTest Backend { get; } = backend;

    protected IAbacoStores Stores { get; private set; } = null!;

    public async Task InitializeAsync() => Stores = await Backend.OpenAsync();

    public async Task DisposeAsync() => await Backend.DisposeAsync();
}
