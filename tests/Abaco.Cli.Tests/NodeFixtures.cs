using Abaco.Testing;

namespace Abaco.Cli.Tests;

/// <summary>A real node (child process, embedded stores, real containers) shared by the specs of one class.</summary>
public class CliNodeFixture : IAsyncLifetime
{
    protected virtual string ExtraConfig => "";

    public AbacoNode Node { get; private set; } = null!;

    /// <summary>The environment pointing the CLI at this node, plus <paramref name="more"/>.</summary>
    public Dictionary<string, string> Environment(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["ABACO_URL"] = Node.BaseUrl.AbsoluteUri };
        foreach (var (name, value) in more) environment[name] = value;
        return environment;
    }

    public async Task InitializeAsync() => Node = await AbacoNode.StartAsync(ExtraConfig);

    public async Task DisposeAsync() => await Node.DisposeAsync();
}

/// <summary>
/// A node behind a pretend API manager (<c>access_control = jwt</c>, nonces accepted): the CLI must carry a
/// credential.
/// </summary>
public sealed class CliJwtNodeFixture : CliNodeFixture, IDisposable
{
    public const string Tenant = "DEV";

    public TestJwt Apim { get; } = new();

    protected override string ExtraConfig => Apim.NodeConfig;

    public string UserJwt(string user) =>
        Apim.Wso2(user, $"{TestJwt.Roles.User},{TestJwt.Roles.Everyone}", DateTimeOffset.UtcNow.AddHours(1));

    public void Dispose() => Apim.Dispose();
}

/// <summary>A node that writes and reads field names in camel case (<c>web.case = camel</c>).</summary>
public sealed class CliCamelNodeFixture : CliNodeFixture
{
    protected override string ExtraConfig => "abaco.web.case = camel";
}
