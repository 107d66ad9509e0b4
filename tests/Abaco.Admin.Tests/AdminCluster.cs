using System.Diagnostics;
using System.Text.Json;
using Abaco.Testing.Cluster;
using Xunit;

namespace Abaco.Admin.Tests;

/// <summary>Helpers shared by the cluster specs: run a verb against a node and read its answer.</summary>
internal static class AdminCluster
{
    public static string Admin(this ClusterNode node) =>
        node.AdminEndpoint ?? throw new InvalidOperationException($"{node} has not logged its admin endpoint.");

    /// <summary>Runs a verb that must work and returns what it printed.</summary>
    public static async Task<string> OkAsync(this ClusterNode node, params string[] verb)
    {
        var result = await AdminRun.RunAsync([node.Admin(), .. verb]);
        Assert.True(result.Code == ExitCodes.Ok, $"abaco-admin {string.Join(' ', verb)}: {result}");
        return result.Out;
    }

    /// <summary>Runs a verb with --json and parses its answer.</summary>
    public static async Task<JsonElement> JsonAsync(this ClusterNode node, params string[] verb)
    {
        using var document = JsonDocument.Parse(await node.OkAsync(["--json", .. verb]));
        return document.RootElement.Clone();
    }

    /// <summary><c>docker run -d</c> with the given labels; returns the container id.</summary>
    public static async Task<string> DockerRunAsync(IReadOnlyDictionary<string, string> labels, string image)
    {
        var args = new List<string> { "run", "-d", "--network", "none" };
        foreach (var (key, value) in labels) args.AddRange(["--label", $"{key}={value}"]);
        args.Add(image);
        var info = new ProcessStartInfo("docker", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, $"docker run failed: {await process.StandardError.ReadToEndAsync()}");
        return output.Trim();
    }
}
