using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Abaco.Testing;

namespace Abaco.Deploy.Tests;

/// <summary>
/// The compose stack from nothing to nothing: nginx in front of two api+core nodes, a spawner node, PostgreSQL and
/// Redis, all from local images; an actor runs end to end through the front, and `down` leaves nothing behind.
/// </summary>
public sealed class ComposeStackSpecs(ITestOutputHelper output)
{
    private const long MaxContentLength = 1_048_576;

    [Fact(DisplayName = "The compose stack comes up from nothing, runs an actor through nginx (//actors included), and down leaves nothing")]
    public async Task Compose_stack_up_run_down()
    {
        await DeployImages.EnsureBuiltAsync();
        var stack = ComposeStack.Create(MaxContentLength);
        Assert.Empty(await stack.LeftoversAsync());
        var up = Stopwatch.StartNew();
        try
        {
            await stack.UpAsync();
            output.WriteLine($"stack up (front answering /actors) in {up.Elapsed.TotalSeconds:0.0} s");
            using var client = new AbacoClient(stack.BaseUrl);

            // The original's clients build {base}//actors: the front merges the slashes. (An absolute URL: a relative
            // "//actors" would be read as a host name.)
            var doubled = $"{stack.BaseUrl.GetLeftPart(UriPartial.Authority)}//actors";
            var listed = await client.GetAsync(doubled);
            Assert.Equal(HttpStatusCode.OK, listed.Status);
            Assert.Equal("success", listed.EnvelopeStatus);
            var created = await client.PostJsonAsync(doubled, new { image = "abaco/test-busybox", name = "through-nginx" });
            Assert.Equal(HttpStatusCode.OK, created.Status);
            var actorId = created.Result.GetProperty("id").GetString()!;
            var executionId = await client.SendAsync(actorId, "through the front");
            await client.WaitCompleteAsync(actorId, executionId);
            Assert.Contains("Contents of MSG: through the front", await client.LogsAsync(actorId, executionId));

            await AssertTooLargeBodyIsRefusedAsync(stack.BaseUrl, actorId);
        }
        finally
        {
            var down = Stopwatch.StartNew();
            await stack.DownAsync();
            output.WriteLine($"stack down in {down.Elapsed.TotalSeconds:0.0} s");
        }
        Assert.Empty(await stack.LeftoversAsync());
    }

    /// <summary>nginx refuses a body over web.max_content_length itself, with the API's JSON envelope.</summary>
    private static async Task AssertTooLargeBodyIsRefusedAsync(Uri baseUrl, string actorId)
    {
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(60) };
        using var body = new ByteArrayContent(new byte[MaxContentLength + 1]);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync($"/actors/{actorId}/messages", body);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("error", envelope.RootElement.GetProperty("status").GetString());
        Assert.Contains("max_content_length", envelope.RootElement.GetProperty("message").GetString());
    }
}
