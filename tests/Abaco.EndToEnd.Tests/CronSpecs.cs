using System.Net;
using Abaco.Testing;
using Xunit;

namespace Abaco.EndToEnd.Tests;

/// <summary>original-abaco.md §3.10 over HTTP: a schedule is validated, shown, and runs as executions of `cron`.</summary>
public sealed class CronSpecs(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    private readonly AbacoClient _client = fixture.Client("CRON");

    [Fact(DisplayName = "An actor scheduled from now runs at once as executor 'cron' with the cron message")]
    public async Task Scheduled_actor_runs()
    {
        var before = DateTime.UtcNow;
        var answer = await _client.PostJsonAsync("/actors", new { image = "abaco/test-busybox", cron_schedule = "now + 1 day" });
        var after = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Result.GetProperty("cron_on").GetBoolean());
        var id = answer.Result.GetProperty("id").GetString()!;

        string executionId = "";
        await Eventually.TrueAsync(async () =>
        {
            var executions = (await _client.GetAsync($"/actors/{id}/executions")).Result.GetProperty("executions");
            executionId = executions.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).FirstOrDefault() ?? "";
            return executionId.Length > 0;
        }, AbacoClient.ExecutionDeadline, "the cron execution");
        var execution = await _client.WaitCompleteAsync(id, executionId);

        Assert.Equal("cron", execution.GetProperty("executor").GetString());
        Assert.Contains("Contents of MSG: This is your cron execution", await _client.LogsAsync(id, executionId));
        var next = (await _client.GetAsync($"/actors/{id}")).Result.GetProperty("cron_next_ex").GetString();
        // The schedule starts at the registration's hour; the test may straddle an hour boundary.
        string Tomorrow(DateTime t) => $"{t.AddDays(1).Year}-{t.AddDays(1).Month}-{t.AddDays(1).Day} {t.AddDays(1).Hour}";
        Assert.Contains(next, new[] { Tomorrow(before), Tomorrow(after) });
    }

    [Fact(DisplayName = "A schedule in the past or with an unknown unit is refused with a 400")]
    public async Task Bad_schedules_are_refused()
    {
        var past = await _client.PostJsonAsync("/actors", new { image = "abaco/test-busybox", cron_schedule = "2020-01-01 10 + 1 hour" });
        Assert.Equal(HttpStatusCode.BadRequest, past.Status);
        Assert.StartsWith("The starting datetime is old. The current UTC time is ", past.Message);

        var unit = await _client.PostJsonAsync("/actors", new { image = "abaco/test-busybox", cron_schedule = "now + 1 fortnight" });
        Assert.Equal(HttpStatusCode.BadRequest, unit.Status);
        Assert.Contains("'fortnight' is not a unit", unit.Message);
    }
}
