using System.Net;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// A message's query parameters become its container's environment. Over HTTP against a node with
/// <c>access_control = jwt</c>: whoever may send a message (a sharer, a nonce holder) cannot inject loader or
/// interpreter hooks into the owner's container, nobody can forge Abaco's own variables, and nothing Docker would
/// refuse to start with gets queued (so no message can put the owner's actor into ERROR).
/// </summary>
public sealed class MessageEnvironmentSpecs(JwtNodeFixture fixture) : IClassFixture<JwtNodeFixture>
{
    private const string Image = "abaco/test-busybox";
    private const string OwnerOnly = "only the actor's owner may set this environment variable.";

    private readonly Callers _callers = fixture.Callers;

    [Fact(DisplayName = "Environment: a sharer with EXECUTE and a nonce holder may not set LD_PRELOAD, PYTHONPATH and the like; the owner may")]
    public async Task Protected_names_are_the_owners()
    {
        var owner = _callers.Owner;
        var id = await owner.CreateActorAsync(new { image = Image, name = "env-protected" });
        var granted = await owner.PostJsonAsync($"/actors/{id}/permissions", new { user = "friend", level = "EXECUTE" });
        Assert.Equal(HttpStatusCode.OK, granted.Status);
        var nonce = (await owner.PostJsonAsync($"/actors/{id}/nonces", new { level = "EXECUTE", max_uses = 10 }))
            .Result.GetProperty("id").GetString()!;

        foreach (var name in new[] { "LD_PRELOAD", "LD_LIBRARY_PATH", "BASH_ENV", "PYTHONPATH", "NODE_OPTIONS", "PATH" })
        {
            Refused(await _callers.Friend.PostMessageAsync(id, "hook", $"?{name}=/tmp/evil"), $"Invalid query parameter '{name}': {OwnerOnly}");
            Refused(await _callers.Anonymous.PostMessageAsync(id, "hook", $"?x-nonce={nonce}&{name}=/tmp/evil"),
                $"Invalid query parameter '{name}': {OwnerOnly}");
        }

        // Ordinary parameters still reach the container, from the sharer as from anyone allowed to send.
        var fromFriend = await _callers.Friend.SendMessageAsync(id, "plain", "?count=3");
        await _callers.Friend.WaitCompleteAsync(id, fromFriend);
        Assert.Contains("count=3", await _callers.Friend.LogsAsync(id, fromFriend));

        var fromOwner = await owner.SendMessageAsync(id, "mine", "?PYTHONDONTWRITEBYTECODE=1");
        await owner.WaitCompleteAsync(id, fromOwner);
        Assert.Contains("PYTHONDONTWRITEBYTECODE=1", await owner.LogsAsync(id, fromOwner));
    }

    [Fact(DisplayName = "Environment: names that are not environment names, and Abaco's own variables, are refused naming them; nothing is queued")]
    public async Task Invalid_and_platform_names_are_refused()
    {
        var owner = _callers.Owner;
        var id = await owner.CreateActorAsync(new { image = Image, name = "env-names" });

        Refused(await owner.PostMessageAsync(id, "m", "?bad-name=1"), "Invalid query parameter 'bad-name'", prefix: true);
        Refused(await owner.PostMessageAsync(id, "m", "?1st=1"), "Invalid query parameter '1st'", prefix: true);
        foreach (var name in new[] { "MSG", "_actor_configs", "_abaco_username", "_abaco_access_token", "_abaco_jwt_header_name" })
            Refused(await owner.PostMessageAsync(id, "m", $"?{name}=forged"),
                $"Invalid query parameter '{name}': Abaco sets this environment variable itself.");

        Assert.Equal(0, (await owner.GetAsync($"/actors/{id}/executions")).Result.GetProperty("executions").GetArrayLength());
    }

    [Fact(DisplayName = "Environment: a NUL or an oversized MSG is refused at the door, and the actor stays READY and runs the next message")]
    public async Task What_docker_refuses_never_reaches_it()
    {
        var owner = _callers.Owner;
        var id = await owner.CreateActorAsync(new { image = Image, name = "env-nul" });

        // Docker creates such a container but cannot start it: before, every one of these failed to start, and
        // workers.max_consecutive_errors of them put the actor into ERROR.
        for (var i = 0; i < 6; i++)
        {
            Refused(await owner.PostMessageAsync(id, "m", "?a=x%00y"), "Invalid query parameter 'a': the value may not contain a NUL character.");
            Refused(await owner.PostJsonAsync($"/actors/{id}/messages", new { message = "x\0y" }),
                "Invalid message: a message given as text may not contain a NUL", prefix: true);
        }
        Refused(await owner.PostMessageAsync(id, new string('m', 140_000)), "Invalid message: it takes", prefix: true);

        var next = await owner.SendMessageAsync(id, "still fine");
        await owner.WaitCompleteAsync(id, next);
        Assert.Equal("READY", (await owner.GetAsync($"/actors/{id}")).Result.GetProperty("status").GetString());
    }

    private static void Refused(Answer answer, string message, bool prefix = false)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.Body);
        Assert.Equal("error", answer.EnvelopeStatus);
        if (prefix) Assert.StartsWith(message, answer.Message);
        else Assert.Equal(message, answer.Message);
    }
}
