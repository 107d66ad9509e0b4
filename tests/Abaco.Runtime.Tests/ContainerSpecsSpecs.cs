using System.Collections.Immutable;
using Abaco.Core.Actors;
using Abaco.Runtime.Workers;
using Xunit;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Tests;

/// <summary>How one message becomes one container's spec.</summary>
public sealed class ContainerSpecsSpecs
{
    private static RunExecution Run(ActorDefinition definition, ImmutableArray<MountSpec> mounts = default) =>
        new(Fixtures.Actor() with { Definition = definition, Mounts = mounts.IsDefault ? [] : mounts },
            Fixtures.Message("e1", "payload"));

    [Fact(DisplayName = "Without limits on the actor or in workers.*, containers are unlimited, unprivileged, on the configured network")]
    public void Defaults()
    {
        var spec = ContainerSpecs.For(Run(ActorDefinition.ForImage("abaco/test-busybox")), "w1", Fixtures.Settings);

        Assert.Equal("abaco/test-busybox", spec.Image);
        Assert.Null(spec.MemoryBytes);
        Assert.Null(spec.NanoCpus);
        Assert.False(spec.Privileged);
        Assert.Empty(spec.Mounts);
        Assert.Equal("bridge", spec.Network);
        Assert.Equal("payload", spec.Environment["MSG"]);
    }

    [Fact(DisplayName = "The actor's mem_limit and max_cpus win over workers.mem_limit and workers.max_cpus")]
    public void Actor_limits_win()
    {
        var settings = Fixtures.Settings with
        {
            Workers = Fixtures.Settings.Workers with { MemLimit = "1g", MaxCpus = 2_000_000_000 },
        };
        var spec = ContainerSpecs.For(Run(ActorDefinition.ForImage("i") with { MemLimit = "64m", MaxCpus = 500_000_000 }),
            "w1", settings);
        Assert.Equal(64L * 1024 * 1024, spec.MemoryBytes);
        Assert.Equal(500_000_000, spec.NanoCpus);

        var defaults = ContainerSpecs.For(Run(ActorDefinition.ForImage("i")), "w1", settings);
        Assert.Equal(1024L * 1024 * 1024, defaults.MemoryBytes);
        Assert.Equal(2_000_000_000, defaults.NanoCpus);
    }

    [Fact(DisplayName = "A privileged actor runs privileged with the Docker socket; mounts keep their mode")]
    public void Privileged_and_mounts()
    {
        var spec = ContainerSpecs.For(Run(ActorDefinition.ForImage("i") with { Privileged = true },
            [new MountSpec("/data/in", "/in", "ro"), new MountSpec("/data/out", "/out", "rw")]), "w1", Fixtures.Settings);

        Assert.True(spec.Privileged);
        Assert.Contains(spec.Mounts, m => m is { HostPath: "/data/in", ContainerPath: "/in", ReadOnly: true });
        Assert.Contains(spec.Mounts, m => m is { HostPath: "/data/out", ReadOnly: false });
        Assert.Contains(spec.Mounts, m => m is { HostPath: "/var/run/docker.sock", ContainerPath: "/var/run/docker.sock" });
    }

    [Fact(DisplayName = "By default containers run as the image's user, with the image's HOME")]
    public void Image_user_by_default()
    {
        var spec = ContainerSpecs.For(Run(ActorDefinition.ForImage("i")), "w1", Fixtures.Settings);
        Assert.Null(spec.User);
        Assert.False(spec.Environment.ContainsKey("HOME"));
    }

    [Fact(DisplayName = "workers.actor_uid/actor_gid make containers run as uid:gid, workers.actor_homedir sets HOME")]
    public void Configured_uid_gid_and_home()
    {
        var settings = Fixtures.Settings with
        {
            Workers = Fixtures.Settings.Workers with { ActorUid = "1234", ActorGid = "5678", ActorHomedir = "/home/actors" },
        };
        var definition = ActorDefinition.ForImage("i") with
        {
            DefaultEnvironment = ImmutableDictionary<string, System.Text.Json.JsonElement>.Empty
                .Add("HOME", System.Text.Json.JsonDocument.Parse("\"/mine\"").RootElement.Clone()),
        };

        var spec = ContainerSpecs.For(Run(definition), "w1", settings);

        Assert.Equal("1234:5678", spec.User);
        Assert.Equal("/home/actors", spec.Environment["HOME"]);
    }

    [Fact(DisplayName = "workers.actor_uid without actor_gid runs as the uid alone; without actor_homedir HOME is the image's")]
    public void Uid_alone()
    {
        var settings = Fixtures.Settings with { Workers = Fixtures.Settings.Workers with { ActorUid = "1234" } };
        var spec = ContainerSpecs.For(Run(ActorDefinition.ForImage("i")), "w1", settings);
        Assert.Equal("1234", spec.User);
        Assert.False(spec.Environment.ContainsKey("HOME"));
    }

    [Fact(DisplayName = "An actor with use_container_uid runs as the image's user whatever workers.actor_uid says")]
    public void Use_container_uid()
    {
        var settings = Fixtures.Settings with
        {
            Workers = Fixtures.Settings.Workers with { ActorUid = "1234", ActorGid = "5678", ActorHomedir = "/home/actors" },
        };
        var spec = ContainerSpecs.For(Run(ActorDefinition.ForImage("i") with { UseContainerUid = true }), "w1", settings);
        Assert.Null(spec.User);
        Assert.False(spec.Environment.ContainsKey("HOME"));
    }

    [Fact(DisplayName = "Container names are valid Docker names whatever the tenant is called")]
    public void Names_are_docker_safe()
    {
        var name = ContainerSpecs.Name("my tenant/with:odd chars_AbC123", "Ex1");
        Assert.Matches("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$", name);
        Assert.EndsWith("_Ex1", name);
    }

    [Fact(DisplayName = "Containers get no-new-privileges, a pids limit and a rotated json-file log by default")]
    public void Hardened_by_default()
    {
        var spec = ContainerSpecs.For(Run(ActorDefinition.ForImage("i")), "w1", Fixtures.Settings);

        Assert.True(spec.NoNewPrivileges);
        Assert.Equal(512, spec.PidsLimit);
        Assert.Equal(("10m", 2), (spec.LogMaxSize, spec.LogMaxFile));
    }

    [Fact(DisplayName = "Privileged actors are exempt from no-new-privileges unless workers.privileged_may_gain_privileges is off")]
    public void Privileged_exemption()
    {
        var privileged = Run(ActorDefinition.ForImage("i") with { Privileged = true });
        Assert.False(ContainerSpecs.For(privileged, "w1", Fixtures.Settings).NoNewPrivileges);

        var strict = Fixtures.Settings with { Workers = Fixtures.Settings.Workers with { PrivilegedMayGainPrivileges = false } };
        Assert.True(ContainerSpecs.For(privileged, "w1", strict).NoNewPrivileges);
    }

    [Fact(DisplayName = "workers.no_new_privileges = false, pids_limit = -1 and log_max_size = \"-1\" turn the hardening off")]
    public void Hardening_can_be_turned_off()
    {
        var settings = Fixtures.Settings with
        {
            Workers = Fixtures.Settings.Workers with { NoNewPrivileges = false, PidsLimit = -1, LogMaxSize = "-1" },
        };
        var spec = ContainerSpecs.For(Run(ActorDefinition.ForImage("i")), "w1", settings);

        Assert.False(spec.NoNewPrivileges);
        Assert.Null(spec.PidsLimit);
        Assert.Null(spec.LogMaxSize);
    }

    [Fact(DisplayName = "With workers.actor_homedir, HOME is Abaco's even when the message or default_environment set one")]
    public void Platform_home_wins()
    {
        var settings = Fixtures.Settings with { Workers = Fixtures.Settings.Workers with { ActorUid = "1000", ActorHomedir = "/home/actors" } };
        var run = Run(ActorDefinition.ForImage("i"));
        run = run with { Message = run.Message with { Environment = run.Message.Environment.SetItem("HOME", "/tmp/evil") } };

        Assert.Equal("/home/actors", ContainerSpecs.For(run, "w1", settings).Environment["HOME"]);
    }
}
