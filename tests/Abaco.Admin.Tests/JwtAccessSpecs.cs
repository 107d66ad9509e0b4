using Abaco.Testing;
using Xunit;

namespace Abaco.Admin.Tests;

/// <summary>Under <c>access_control = jwt</c> the command host wants a credential with the admin role.</summary>
public sealed class JwtAccessSpecs : IAsyncLifetime
{
    private const string Tenant = "DEV";
    private readonly TestJwt _apim = new();
    private AbacoNode _node = null!;

    public async Task InitializeAsync() => _node = await AbacoNode.StartAsync(_apim.NodeConfig);

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _apim.Dispose();
    }

    private Task<AdminResult> RunAsync(params string[] args) => AdminRun.RunAsync([_node.AdminEndpoint!, .. args]);

    [Fact(DisplayName = "jwt: no token and a user's token are refused (exit 1); an admin's token is served")]
    public async Task Admin_role_required()
    {
        var hour = DateTimeOffset.UtcNow.AddHours(1);
        var anonymous = await RunAsync("cluster", "show");
        Assert.Equal(ExitCodes.Failed, anonymous.Code);
        Assert.Contains("No JWT", anonymous.Err);

        var user = await RunAsync("--tenant", Tenant, "--token", _apim.Wso2("jdoe", TestJwt.Roles.User, hour), "nodes");
        Assert.Equal(ExitCodes.Failed, user.Code);
        Assert.Contains("Abaco Admin role required", user.Err);

        var admin = await AdminRun.RunAsync([_node.AdminEndpoint!, "cluster", "show"], "",
            new Dictionary<string, string>
            {
                [AdminCommandLine.TokenVariable] = _apim.Rs256("boss", TestJwt.Roles.Admin, hour),
                [AdminCommandLine.TenantVariable] = Tenant,
            });
        Assert.True(admin.Code == ExitCodes.Ok, admin.ToString());
        Assert.Contains("(this node)", admin.Out);
    }
}
