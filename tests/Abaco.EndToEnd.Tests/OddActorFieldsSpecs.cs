using System.Net;
using System.Text;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>
/// Empty and odd values of privileged and limit fields, sent by a plain user of a node with
/// <c>access_control = jwt</c>: each is refused naming the field, or is the operator's default, never a way
/// around check_privileged.
/// </summary>
public sealed class OddActorFieldsSpecs(JwtNodeFixture fixture) : IClassFixture<JwtNodeFixture>
{
    private const string Image = "abaco/test-busybox";

    private CallerClient User => fixture.Callers.Owner;

    [Fact(DisplayName = "Odd fields: an empty mem_limit is the operator's default, not unlimited")]
    public async Task Empty_mem_limit_is_the_default()
    {
        var answer = await User.PostJsonAsync("/actors", new { image = Image, mem_limit = "" });

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.Result.GetProperty("mem_limit").ValueKind);
    }

    [Theory(DisplayName = "Odd fields: an empty max_cpus, privileged or use_container_uid is a 400 naming the field")]
    [InlineData("max_cpus")]
    [InlineData("max_workers")]
    [InlineData("privileged")]
    [InlineData("use_container_uid")]
    public async Task Empty_values_are_refused(string field)
    {
        var answer = await PostRawAsync($$"""{"image": "{{Image}}", "{{field}}": ""}""");

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.Body);
        Assert.Contains(field, answer.Message);
    }

    [Theory(DisplayName = "Odd fields: a field named twice, or a number where text is expected, still needs the privileged role")]
    [InlineData("""{"image": "abaco/test-busybox", "privileged": true, "privileged": false}""", "make privileged actors")]
    [InlineData("""{"image": "abaco/test-busybox", "mem_limit": "-1", "mem_limit": ""}""", "set mem limit")]
    [InlineData("""{"image": "abaco/test-busybox", "queue": 0}""", "set queue")]
    public async Task Tricks_are_refused(string body, string refusal)
    {
        var answer = await PostRawAsync(body);

        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.Body);
        Assert.Contains(refusal, answer.Message);
    }

    [Fact(DisplayName = "Odd fields: uid and gid in a registration are ignored (Abaco decides who containers run as)")]
    public async Task Uid_and_gid_are_ignored()
    {
        var answer = await PostRawAsync($$"""{"image": "{{Image}}", "uid": "", "gid": "0", "tasdir": "/"}""");

        Assert.True(answer.Status == HttpStatusCode.OK, answer.Body);
        foreach (var field in new[] { "uid", "gid", "tasdir" })
            Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.Result.GetProperty(field).ValueKind);
    }

    private Task<Answer> PostRawAsync(string json) =>
        User.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/actors")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        });
}
