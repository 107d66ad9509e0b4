using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests.Authorization;

/// <summary>
/// A node with <c>access_control = jwt</c> behind a pretend API manager, a connection per matrix caller, and the
/// shared scene, set up once. Rows that would change the scene for the others get a scene of their own
/// (<see cref="OwnSceneAsync"/>). The node's stores follow the suite's profile (embedded or production).
/// </summary>
public sealed class AuthorizationMatrixFixture : IAsyncLifetime
{
    private readonly Dictionary<string, MatrixClient> _clients = new();
    private int _scenes;

    public TestJwt Apim { get; } = new();
    public AbacoNode Node { get; private set; } = null!;
    public MatrixScene Scene { get; private set; } = null!;

    public MatrixClient ClientOf(MatrixCaller caller) => _clients[caller.Key];

    public async Task InitializeAsync()
    {
        Node = await AbacoNode.StartAsync(Apim.NodeConfig);
        var hour = DateTimeOffset.UtcNow.AddHours(1);
        foreach (var caller in MatrixCallers.All)
        {
            _clients[caller.Key] = caller.Credential switch
            {
                Credential.Jwt => new MatrixClient(Node.BaseUrl, TestJwt.HeaderName(caller.Tenant),
                    Apim.Rs256(caller.User, caller.Roles, hour)),
                Credential.JwtUnderOtherTenantsHeader => new MatrixClient(Node.BaseUrl,
                    TestJwt.HeaderName(MatrixCallers.OtherTenant), TokenNamingTenant(caller, MatrixCallers.Tenant, hour)),
                Credential.JwtNamingItsTenant => new MatrixClient(Node.BaseUrl,
                    TestJwt.HeaderName(MatrixCallers.Tenant), TokenNamingTenant(caller, MatrixCallers.Tenant, hour)),
                _ => new MatrixClient(Node.BaseUrl),
            };
        }
        Scene = await MatrixScene.CreateAsync(ClientOf(MatrixCallers.Owner), "matrix-scene", MatrixCallers.All,
            shared: true);
    }

    /// <summary>
    /// The answer to a row's request, with the scene it acted on and the path it sent. The first call sends every
    /// row's request, a few at a time: rows are independent (nothing one sends changes who may do what to the shared
    /// scene; rows that would have scenes of their own), so the matrix takes the time of its slowest requests, not
    /// of all of them in a row.
    /// </summary>
    public Task<(MatrixScene Scene, string Path, MatrixAnswer Answer)> AnswerOfAsync(MatrixRow row)
    {
        lock (_clients)
        {
            _answers ??= StartAll();
            return _answers[row.Name];
        }
    }

    private Dictionary<string, Task<(MatrixScene, string, MatrixAnswer)>>? _answers;

    private Dictionary<string, Task<(MatrixScene, string, MatrixAnswer)>> StartAll()
    {
        var gate = new SemaphoreSlim(Parallelism);
        return MatrixRow.All.ToDictionary(row => row.Name, row => Task.Run(async () =>
        {
            await gate.WaitAsync();
            try
            {
                return await SendAsync(row);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private const int Parallelism = 8;

    private async Task<(MatrixScene, string, MatrixAnswer)> SendAsync(MatrixRow row)
    {
        var scene = row.Route.OwnScene ? await OwnSceneAsync(row) : Scene;
        var path = row.PathIn(scene);
        var answer = await ClientOf(row.Caller).SendAsync(new HttpMethod(row.Route.Method), path, row.BodyIn(scene));
        return (scene, path, answer);
    }

    /// <summary>A fresh scene shared with the row's caller only (its actor, alias and config are the row's to spoil).</summary>
    private Task<MatrixScene> OwnSceneAsync(MatrixRow row) =>
        MatrixScene.CreateAsync(ClientOf(MatrixCallers.Owner), $"matrix-own-{Interlocked.Increment(ref _scenes)}",
            [row.Caller], shared: false);

    /// <summary>A token that says which tenant it was issued in, in every claim a gateway might use for that.</summary>
    private string TokenNamingTenant(MatrixCaller caller, string tenant, DateTimeOffset expires)
    {
        var claims = TestJwt.Claims(caller.User, caller.Roles, expires.ToUnixTimeSeconds());
        foreach (var claim in MatrixCallers.TenantClaims) claims[claim] = tenant;
        return Apim.Sign(new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "RS256" }, claims, urlSafe: true);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients.Values) client.Dispose();
        if (Node is not null) await Node.DisposeAsync();
        Apim.Dispose();
    }
}
