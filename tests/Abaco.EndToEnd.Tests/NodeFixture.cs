using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>A node shared by the tests of one class (each class gets its own, so classes run in parallel).</summary>
public class NodeFixture : IAsyncLifetime
{
    protected virtual string ExtraConfig => "";

    public AbacoNode Node { get; private set; } = null!;

    public AbacoClient Client(string? tenant = null) => new(Node.BaseUrl, tenant);

    public async Task InitializeAsync() => Node = await AbacoNode.StartAsync(ExtraConfig);

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

public sealed class CamelNodeFixture : NodeFixture
{
    protected override string ExtraConfig => "abaco.web.case = camel";
}

public sealed class LeaveContainersNodeFixture : NodeFixture
{
    protected override string ExtraConfig => "abaco.workers.leave_containers = true";
}
