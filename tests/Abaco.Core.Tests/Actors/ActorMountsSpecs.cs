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

    [Theory(DisplayName = "A tenant or owner that is not one plain path segment gets no mount built from it")]
    [InlineData("..", "jdoe")]
    [InlineData(".", "jdoe")]
    [InlineData("", "jdoe")]
    [InlineData("../../etc", "jdoe")]
    [InlineData("SD2E", "..")]
    [InlineData("SD2E", "a/b")]
    [InlineData("SD2E", "a\0b")]
    [InlineData("SD2E", "")]
    [InlineData("SD2E", "x:/etc:rw")]
    [InlineData("SD2E", "a b")]
    [InlineData("SD2E", "a\nb")]
    public void Unsafe_substitutions_are_left_out(string tenant, string owner)
    {
        var mounts = ActorMounts.For(ActorDefinition.ForImage("img"), owner, tenant, Workers);

        // Only the mount without placeholders remains.
        Assert.Equal([new MountSpec("/data/shared", "/shared", "ro")], mounts.ToArray());
    }

    [Fact(DisplayName = "Only the mounts that use an unsafe value are left out")]
    public void Only_mounts_using_the_value_are_dropped()
    {
        var workers = Workers with { GlobalMounts = ["/corral/{username}:/work:rw", "/tenants/{tenant_id}:/tenant:ro"] };

        Assert.Equal([new MountSpec("/tenants/SD2E", "/tenant", "ro")],
            ActorMounts.For(ActorDefinition.ForImage("img"), "..", "SD2E", workers).ToArray());
        Assert.Equal([new MountSpec("/corral/j.doe@x-y+z_1", "/work", "rw")],
            ActorMounts.For(ActorDefinition.ForImage("img"), "j.doe@x-y+z_1", "../x", workers).ToArray());
    }
}
