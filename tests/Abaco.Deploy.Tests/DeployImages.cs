namespace Abaco.Deploy.Tests;

/// <summary>
/// The images a deployment runs (abaco/core, abaco/nginx, abaco/postgres, abaco/redis), built once per test run by
/// scripts/build-deploy-images.sh, which skips every image already built from the current sources. The first build
/// on a fresh machine (debootstrap, apt in each image, a self-contained publish) takes minutes.
/// </summary>
public static class DeployImages
{
    public const string Node = "abaco/core:latest";

    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(25);
    private static readonly Lazy<Task> Built = new(BuildAsync);

    public static Task EnsureBuiltAsync() => Built.Value;

    private static async Task BuildAsync() =>
        (await Tool.ScriptAsync("scripts/build-deploy-images.sh", [], BuildDeadline)).Succeeded();
}
