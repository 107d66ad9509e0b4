using System.Collections.Immutable;
using System.Text.Json;

namespace Abaco.Core.Actors;

/// <summary>The fields of an actor a user sets with POST or PUT (original-abaco.md §2.2); everything else is derived.</summary>
public sealed record ActorDefinition(
    string Image,
    string? Name,
    string Description,
    ImmutableDictionary<string, JsonElement> DefaultEnvironment,
    bool Stateless,
    bool Privileged,
    bool UseContainerUid,
    bool Token,
    int? MaxWorkers,
    string? MemLimit,
    long? MaxCpus,
    string Queue,
    ImmutableArray<string> Hints,
    string Link,
    string Webhook,
    string? CronSchedule,
    bool CronOn,
    int? LogEx,
    string Type)
{
    public static ActorDefinition ForImage(string image) => new(
        image, null, "", ImmutableDictionary<string, JsonElement>.Empty, true, false, false, false, null, null, null,
        "default", ImmutableArray<string>.Empty, "", "", null, false, null, "none");
}

/// <summary>Actor statuses (original-abaco.md §2.2).</summary>
public static class ActorStatus
{
    public const string Submitted = "SUBMITTED";
    public const string Ready = "READY";
    public const string Error = "ERROR";
    public const string ShuttingDown = "SHUTTING_DOWN";
}

/// <summary>A bind mount of an actor's containers (global/tenant/privileged mounts, original-abaco.md §3.16).</summary>
public sealed record MountSpec(string HostPath, string ContainerPath, string Mode);
