using System.Net;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §1.2 #46-#48: /cron and the admin dashboard (/metrics: <see cref="Metrics.MetricsSpecs"/>).</summary>
public sealed class OperatorEndpointSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly AbacoClient _client = fixture.Client("OPS");

    private async Task<(HttpStatusCode Status, string? ContentType, string Body)> RawAsync(HttpMethod method, string path)
    {
        using var http = new HttpClient { BaseAddress = fixture.Node.BaseUrl };
        using var response = await http.SendAsync(new HttpRequestMessage(method, path));
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    [Fact(DisplayName = "/cron lists the next run of every scheduled actor")]
    public async Task Cron()
    {
        var answer = await _client.PostJsonAsync("/actors", new { image = "abaco/test-busybox", cron_schedule = "now + 1 week" });
        var dbId = $"OPS_{answer.Result.GetProperty("id").GetString()}";

        var cron = await _client.GetAsync("/cron");

        Assert.Equal(HttpStatusCode.OK, cron.Status);
        Assert.Contains(cron.Result.EnumerateArray(), a => a.GetProperty("actor_dbid").GetString() == dbId);
    }

    [Fact(DisplayName = "/admin/dashboard is the dashboard page opening on the admin view; its data comes from JSON routes")]
    public async Task Dashboard()
    {
        var id = await _client.CreateActorAsync(new { image = "abaco/test-busybox", name = "listed" });

        var (status, type, body) = await RawAsync(HttpMethod.Get, "/admin/dashboard");
        var actors = await _client.GetAsync("/actors/admin");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("text/html", type);
        Assert.Contains("data-view=\"admin\"", body);
        Assert.Contains("/dashboard/dashboard.js", body);
        Assert.Contains(actors.Result.EnumerateArray(), a => a.GetProperty("id").GetString() == id);
    }
}
