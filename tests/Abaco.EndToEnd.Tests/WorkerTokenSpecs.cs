using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Abaco.Core.Security;
using Abaco.Testing;
using Xunit;
using static Abaco.EndToEnd.Tests.AbacoClientExtensions;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// A node with <c>access_control = jwt</c> and <c>workers.generate_clients</c>, listening on the Docker bridge
/// (<see cref="BridgeAddress"/>) so that actor containers reach it at their <c>_abaco_api_server</c>. The pretend API
/// manager's tokens authorize the test's callers; inside containers only the worker's own token can.
/// </summary>
public sealed class WorkerTokenNodeFixture : NodeFixture, IDisposable
{
    /// <summary>The host's address on Docker's default bridge, which containers of the <c>bridge</c> network reach.</summary>
    public const string BridgeAddress = "172.17.0.1";

    private readonly int _port = FreePort();
    private readonly string _signingKey = AbacoTokens.GenerateKey();
    private CallerClient? _owner;
    private CallerClient? _admin;

    public TestJwt Apim { get; } = new();

    /// <summary>Verifies tokens as the node does (same <c>web.token_signing_key</c>).</summary>
    public AbacoTokens Tokens => AbacoTokens.FromBase64Key(_signingKey);

    protected override string ExtraConfig => string.Join('\n',
        Apim.NodeConfig,
        $"abaco.web.host = \"{BridgeAddress}\"",
        $"abaco.web.port = {_port}",
        $"abaco.web.api_server = \"http://{BridgeAddress}:{_port}\"",
        $"abaco.web.token_signing_key = \"{_signingKey}\"",
        "abaco.workers.generate_clients = true");

    public CallerClient Owner => _owner ??= Caller("owner", $"{TestJwt.Roles.User},{TestJwt.Roles.Everyone}");

    public CallerClient Admin => _admin ??= Caller("boss", $"{TestJwt.Roles.Admin},{TestJwt.Roles.Everyone}");

    /// <summary>A caller presenting <paramref name="token"/> as <c>Authorization: Bearer</c>, as actor containers do.</summary>
    public CallerClient Bearer(string token) =>
        new(Node.BaseUrl, "container", "Authorization", new AuthenticationHeaderValue("Bearer", token).ToString());

    private CallerClient Caller(string user, string roles) => new(Node.BaseUrl, user,
        TestJwt.HeaderName(JwtNodeFixture.Tenant), Apim.Rs256(user, roles, DateTimeOffset.UtcNow.AddHours(1)));

    /// <summary>A port free on the bridge address now (the node binds it moments later; the window is tiny).</summary>
    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Parse(BridgeAddress), 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        _owner?.Dispose();
        _admin?.Dispose();
        Apim.Dispose();
    }
}

/// <summary>
/// Worker tokens end to end (original-abaco.md §3.18, issue 4): actors with <c>token = true</c> call the API from inside their
/// containers with the <c>_abaco_access_token</c> their worker was given, as their owner; the token dies with the
/// worker.
/// </summary>
public sealed class WorkerTokenSpecs(WorkerTokenNodeFixture fixture) : IClassFixture<WorkerTokenNodeFixture>
{
    private const string Image = "abaco/python-actor";

    private CallerClient Owner => fixture.Owner;

    [Fact(DisplayName = "Worker token: an actor with token = true updates its own state from inside its container")]
    public async Task Updates_its_own_state()
    {
        var id = await Owner.CreateActorAsync(new { image = Image, stateless = false, token = true });

        var execution = await SendJsonAsync(id, new { mode = "state", set_state = new { count = 1, by = "container" } });
        await WaitCompleteAsync(id, execution);

        var state = (await Owner.GetAsync($"/actors/{id}/state")).Result.GetProperty("state");
        Assert.True(JsonEquals(Json("""{"count": 1, "by": "container"}"""), state), state.GetRawText());
        Assert.Contains("state updated:", await Owner.LogsAsync(id, execution));
    }

    [Fact(DisplayName = "Worker token: an actor with token = true sends a message to another actor of its owner, which runs it")]
    public async Task Sends_a_message_to_another_actor()
    {
        var target = await Owner.CreateActorAsync(new { image = Image, default_environment = new { ACTOR_MODE = "context" } });
        var sender = await Owner.CreateActorAsync(new { image = Image, token = true });

        var execution = await SendJsonAsync(sender, new { mode = "send", to = target, payload = "hello from a container" });
        await WaitCompleteAsync(sender, execution);
        var sent = await Owner.LogsAsync(sender, execution);
        Assert.True(sent.Contains($"sent to {target}:"), sent);

        var executions = new List<JsonElement>();
        await Eventually.TrueAsync(async () =>
        {
            executions = (await Owner.GetAsync($"/actors/{target}/executions")).Result.GetProperty("executions")
                .EnumerateArray().ToList();
            return executions.Count == 1;
        }, AbacoClient.ExecutionDeadline, $"actor {target} to have the execution its peer asked for ({sent})");
        var received = executions[0].GetProperty("id").GetString()!;
        await Owner.WaitCompleteAsync(target, received);
        var context = PrintedContext(await Owner.LogsAsync(target, received));
        Assert.Equal("hello from a container", context.GetProperty("raw_message").GetString());
        Assert.Equal("owner", context.GetProperty("_abaco_username").GetString());
    }

    [Fact(DisplayName = "Worker token: an actor with token = false gets none, so its container cannot call the API")]
    public async Task No_token_no_calls()
    {
        var id = await Owner.CreateActorAsync(new { image = Image, stateless = false, token = false });

        var execution = await SendJsonAsync(id, new { mode = "state", set_state = new { count = 1 } });
        var ended = await WaitFinishedAsync(id, execution);

        var logs = await Owner.LogsAsync(id, execution);
        // The whole log in the failure message: the reason the call failed is the point of this spec.
        Assert.True(ended.GetProperty("exit_code").GetInt32() == 1 && logs.Contains("No JWT or nonce provided."),
            $"execution {execution} ended {ended.GetRawText()}; logs:\n{logs}");
        Assert.True(JsonEquals(Json("{}"), (await Owner.GetAsync($"/actors/{id}/state")).Result.GetProperty("state")));
    }

    [Fact(DisplayName = "Worker token: the token authorizes as the owner while its worker lives and is refused once the worker is stopped")]
    public async Task Revoked_when_the_worker_stops()
    {
        var id = await Owner.CreateActorAsync(new
        {
            image = Image, token = true, default_environment = new { ACTOR_MODE = "context" },
        });
        var execution = await SendJsonAsync(id, new { hello = "world" });
        await WaitCompleteAsync(id, execution);
        var context = PrintedContext(await Owner.LogsAsync(id, execution));
        var token = context.GetProperty("_abaco_access_token").GetString()!;
        var workerId = context.GetProperty("_abaco_worker_id").GetString()!;
        using var container = fixture.Bearer(token);
        var claims = fixture.Tokens.TryVerify(token, DateTimeOffset.UtcNow).Principal!;
        Assert.Equal(("owner", JwtNodeFixture.Tenant, id, workerId), (claims.User, claims.Tenant, claims.ActorId, claims.WorkerId));
        Assert.False(string.IsNullOrEmpty(claims.ClientId), "the token names the worker's client");
        Assert.Equal([TestJwt.Roles.User, TestJwt.Roles.Everyone], claims.Roles.ToArray());

        var asWorker = await container.GetAsync($"/actors/{id}");
        Assert.Equal(HttpStatusCode.OK, asWorker.Status);
        Assert.Equal("owner", asWorker.Result.GetProperty("owner").GetString());

        var stopped = await fixture.Admin.DeleteAsync($"/actors/{id}/workers/{workerId}");
        Assert.Equal(HttpStatusCode.OK, stopped.Status);
        await Eventually.TrueAsync(async () =>
            (await Owner.GetAsync($"/actors/{id}/workers")).Result.EnumerateArray()
                .All(w => w.GetProperty("id").GetString() != workerId),
            AbacoClient.ExecutionDeadline, $"worker {workerId} to be gone");

        var refused = await container.GetAsync($"/actors/{id}");
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Invalid JWT: the token was revoked: the worker it was issued to has stopped.", refused.Message);
    }

    private async Task<string> SendJsonAsync(string actorId, object message)
    {
        var answer = await Owner.PostJsonAsync($"/actors/{actorId}/messages", message);
        if (answer.Status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"POST messages failed: {answer.Body}");
        return answer.Result.GetProperty("execution_id").GetString()!;
    }

    /// <summary>Waits for COMPLETE; on failure the execution's logs are in the message, to see what the container said.</summary>
    private async Task WaitCompleteAsync(string actorId, string executionId)
    {
        var ended = await WaitFinishedAsync(actorId, executionId);
        if (ended.GetProperty("status").GetString() != "COMPLETE" || ended.GetProperty("exit_code").GetInt32() != 0)
            throw new Xunit.Sdk.XunitException(
                $"Execution {executionId} ended {ended.GetRawText()}; logs:\n{await Owner.LogsAsync(actorId, executionId)}");
    }

    private async Task<JsonElement> WaitFinishedAsync(string actorId, string executionId)
    {
        JsonElement execution = default;
        await Eventually.TrueAsync(async () =>
        {
            execution = (await Owner.GetAsync($"/actors/{actorId}/executions/{executionId}")).Result;
            return execution.ValueKind == JsonValueKind.Object &&
                   execution.GetProperty("status").GetString() is "COMPLETE" or "ERROR";
        }, AbacoClient.ExecutionDeadline, $"execution {executionId} to finish");
        return execution;
    }
}
