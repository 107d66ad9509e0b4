using Abaco.Core.Actors;
using Abaco.Core.Ids;
using Abaco.Core.Security;
using Abaco.Core.Settings;
using Abaco.Core.Workers;
using Abaco.Runtime.Workers;
using Abaco.Stores.Sqlite;
using Akka.Actor;
using Xunit;
using Xunit.Abstractions;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>
/// Worker access tokens (<c>workers.generate_clients</c>, original-abaco.md §3.18): a fresh Abaco token in
/// <c>_abaco_access_token</c> before every execution of an actor with <c>token = true</c>, under the worker's client
/// (stored at its first execution, deleted when it stops); empty otherwise.
/// </summary>
public sealed class WorkerTokenSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly string Key = AbacoTokens.GenerateKey();
    private static readonly string[] OwnerRoles = ["Internal/everyone", "Internal/abaco-user"];

    private readonly ScriptedContainerRuntime _runtime = new();
    private readonly string _dbFile = Path.Combine(Path.GetTempPath(), $"abaco-worker-tokens-{Guid.NewGuid():N}.db");
    private readonly SqliteStores _stores;

    public WorkerTokenSpecs(ITestOutputHelper output) : base(Fixtures.SingleNodeConfig, output: output)
    {
        Fixtures.JoinItself(Sys);
        _stores = new SqliteStores(_dbFile);
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _stores.DisposeAsync().AsTask().GetAwaiter().GetResult();
        File.Delete(_dbFile);
    }

    private static AbacoSettings Settings(bool generateClients = true, string key = "", int maxRunTime = -1) =>
        Fixtures.Settings with
        {
            Web = Fixtures.Settings.Web with { TokenSigningKey = key, UserRole = "Internal/abaco-user" },
            Workers = Fixtures.Settings.Workers with { GenerateClients = generateClients, MaxRunTime = maxRunTime },
        };

    private static ActorRecord Actor(bool token = true) => Fixtures.Actor() with
    {
        Definition = ActorDefinition.ForImage("abaco/test-busybox") with { Token = token },
        OwnerRoles = [.. OwnerRoles],
    };

    private static WorkerClientRecord Client(string tenant = "TEST") =>
        WorkerClientRecord.New(tenant, "aBcDeFgHiJkL", "w1", "owner", DateTime.UtcNow);

    /// <summary>
    /// Runs executions e1..en of <paramref name="actor"/> on worker w7, then stops it; returns their environments and
    /// the worker's client as stored before the worker stopped.
    /// </summary>
    private async Task<(IReadOnlyList<IReadOnlyDictionary<string, string>> Environments, WorkerClientRecord? Client)>
        RunAsync(AbacoSettings settings, ActorRecord actor, int executions = 1)
    {
        var entity = CreateTestProbe();
        var services = new WorkerServices(settings, _runtime, _stores, new Fixtures.ReversedCipher(), TimeProvider.System);
        var worker = Sys.ActorOf(WorkerActor.Props(new StartWorker(Fixtures.Key, new WorkerId("w7"), "abaco/test-busybox", 1),
            services, entity.Ref, WorkerTimings.Default));
        _runtime.Image.TrySetResult();
        entity.FishForMessage<WorkerStatusReport>(r => r.Status == WorkerStatus.Ready, TimeSpan.FromSeconds(10));
        var environments = new List<IReadOnlyDictionary<string, string>>();
        for (var i = 1; i <= executions; i++)
        {
            worker.Tell(new RunExecution(actor, Fixtures.Message($"e{i}")), entity.Ref);
            entity.FishForMessage<ExecutionStarted>(_ => true, TimeSpan.FromSeconds(10));
            Assert.True(_runtime.Started.TryDequeue(out var spec));
            environments.Add(spec!.Environment);
            await AwaitConditionAsync(() => Task.FromResult(!_runtime.Waiting.IsEmpty));
            Assert.True(_runtime.Waiting.TryDequeue(out var wait));
            wait.Exit.SetResult(ScriptedContainerRuntime.Outcome(wait.Container, 0, "done"));
            entity.FishForMessage<ExecutionFinished>(_ => true, TimeSpan.FromSeconds(10));
        }
        var client = await _stores.Clients.GetAsync(Fixtures.DbId, "w7");
        Sys.Stop(worker);
        return (environments, client);
    }

    private static AbacoTokenPrincipal Verified(IReadOnlyDictionary<string, string> environment)
    {
        var verified = AbacoTokens.FromBase64Key(Key).TryVerify(environment["_abaco_access_token"], DateTimeOffset.UtcNow);
        Assert.True(verified.IsValid, verified.Reason);
        return verified.Principal!;
    }

    [Fact(DisplayName = "generate_clients, a signing key and token = true: a verifiable token for the owner, its roles, actor, worker and the worker's stored client")]
    public async Task Token_with_the_owners_identity()
    {
        var (envs, client) = await RunAsync(Settings(key: Key, maxRunTime: 600), Actor());

        var p = Verified(envs.Single());
        Assert.Equal(("owner", "TEST", "aBcDeFgHiJkL", "w7"), (p.User, p.Tenant, p.ActorId, p.WorkerId));
        Assert.Equal(OwnerRoles, p.Roles.ToArray());
        Assert.Equal(TimeSpan.FromSeconds(600) + WorkerTokens.Margin, p.ExpiresAt - p.IssuedAt);
        Assert.NotNull(client);
        Assert.Equal(("TEST", "aBcDeFgHiJkL", "w7", "owner"), (client.Tenant, client.ActorId, client.WorkerId, client.Owner));
        Assert.Equal(client.ClientId, p.ClientId);
    }

    [Fact(DisplayName = "Every execution gets a fresh token, all under the one client of the worker")]
    public async Task Token_per_execution()
    {
        var (envs, client) = await RunAsync(Settings(key: Key), Actor(), executions: 2);

        var tokens = envs.Select(Verified).ToList();
        Assert.Equal(2, tokens.Select(p => p.TokenId).Distinct().Count());
        Assert.All(tokens, p => Assert.Equal(client!.ClientId, p.ClientId));
    }

    [Fact(DisplayName = "A worker's client is deleted when the worker stops")]
    public async Task Client_deleted_when_the_worker_stops()
    {
        var (_, client) = await RunAsync(Settings(key: Key), Actor());

        Assert.NotNull(client);
        await AwaitConditionAsync(async () => await _stores.Clients.GetAsync(Fixtures.DbId, "w7") is null,
            TimeSpan.FromSeconds(10));
    }

    [Theory(DisplayName = "No token and no client when generate_clients is off, the actor says token = false, or no signing key is set")]
    [InlineData(false, true, true)]
    [InlineData(true, false, true)]
    [InlineData(true, true, false)]
    public async Task No_token(bool generateClients, bool actorToken, bool withKey)
    {
        var (envs, client) = await RunAsync(Settings(generateClients, withKey ? Key : ""), Actor(actorToken));

        Assert.Equal("", envs.Single()["_abaco_access_token"]);
        Assert.Null(client);
    }

    [Fact(DisplayName = "An actor stored without owner roles gets web.user_role")]
    public void Legacy_actor_roles()
    {
        var token = WorkerTokens.From(Settings(key: Key), TimeProvider.System).For(Actor() with { OwnerRoles = [] }, Client());

        Assert.Equal(["Internal/abaco-user"],
            AbacoTokens.FromBase64Key(Key).TryVerify(token, DateTimeOffset.UtcNow).Principal!.Roles.ToArray());
    }

    [Fact(DisplayName = "generate_clients without a signing key: tokens are off and the node is told why")]
    public void Missing_key_is_reported()
    {
        var tokens = WorkerTokens.From(Settings(key: ""), TimeProvider.System);

        Assert.False(tokens.Enabled);
        Assert.Contains("web.token_signing_key", tokens.DisabledReason);
        Assert.Null(WorkerTokens.From(Settings(generateClients: false), TimeProvider.System).DisabledReason);
    }

    [Theory(DisplayName = "A token lives for max_run_time plus a margin, or an hour when executions are unbounded")]
    [InlineData(-1, 3600)]
    [InlineData(0, 3600)]
    [InlineData(120, 420)]
    public void Lifetime(int maxRunTime, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds),
            WorkerTokens.Lifetime(Fixtures.Settings.Workers with { MaxRunTime = maxRunTime }));

    [Fact(DisplayName = "workers.{tenant}_generate_clients turns tokens on for that tenant's actors only")]
    public void Tenant_variant()
    {
        var settings = Settings(generateClients: false, key: Key) with
        {
            Tenants = TenantOverrides.None.Add("test", new TenantOverrides { GenerateClients = true }),
        };
        var tokens = WorkerTokens.From(settings, TimeProvider.System);

        Assert.True(tokens.IssuesFor(Actor()));
        Assert.False(tokens.IssuesFor(Actor() with { Tenant = "OTHER" }));
        Assert.NotEqual("", tokens.For(Actor(), Client()));
        Assert.Equal("", tokens.For(Actor() with { Tenant = "OTHER" }, Client("OTHER")));
    }
}
