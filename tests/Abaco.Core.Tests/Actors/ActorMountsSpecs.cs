using Abaco.Core.Actors;
using Abaco.Core.Settings;

namespace Abaco.Core.Tests.Actors;

public sealed class ActorMountsSpecs
{
    private static readonly WorkerSettings Workers = AbacoSettings.Defaults.Workers with
    {
        GlobalMounts = ["/corral/{tenant_id}/{username}:/work:rw", "/data/shared:/shared:ro"],
        PrivilegedMounts = ["/var/lib/tools:/tools:ro"],
    };

    [Fact(DisplayName = "Global mounts get the owner and tenant filled in and keep their mode")]
    public void Global_mounts()
    {
        var mounts = ActorMounts.For(ActorDefinition.ForImage("img"), "jdoe", "SD2E", Workers);

        Assert.Equal(
            [new MountSpec("/corral/SD2E/jdoe", "/work", "rw"), new MountSpec("/data/shared", "/shared", "ro")],
            mounts.ToArray());
    }

    [Fact(DisplayName = "Privileged actors also get the privileged mounts; others do not")]
    public void Privileged_mounts()
    {
        var privileged = ActorMounts.For(ActorDefinition.ForImage("img") with { Privileged = true }, "jdoe", "SD2E", Workers);

        Assert.Contains(new MountSpec("/var/lib/tools", "/tools", "ro"), privileged);
        Assert.Equal(3, privileged.Length);
    }

    [Fact(DisplayName = "No configured mounts, no mounts")]
    public void No_mounts() =>
        Assert.Empty(ActorMounts.For(ActorDefinition.ForImage("img"), "jdoe", "SD2E", AbacoSettings.Defaults.Workers));
}
