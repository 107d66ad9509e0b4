using System.Text.Json.Serialization;

namespace Abaco.Core.Ids;

/// <summary>The human id of an actor (a Hashid), unique within the whole system.</summary>
[JsonConverter(typeof(ActorIdJsonConverter))]
public readonly record struct ActorId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>The id of one execution (one message run as one container).</summary>
[JsonConverter(typeof(ExecutionIdJsonConverter))]
public readonly record struct ExecutionId(string Value)
{
    public static ExecutionId New() => new(AbacoIds.NewId());
    public override string ToString() => Value;
}

/// <summary>The id of one worker of an actor.</summary>
[JsonConverter(typeof(WorkerIdJsonConverter))]
public readonly record struct WorkerId(string Value)
{
    public static WorkerId New() => new(AbacoIds.NewId());
    public override string ToString() => Value;
}
