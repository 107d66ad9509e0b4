namespace Abaco.Core.Ids;

/// <summary>The human id of an actor (a Hashid), unique within the whole system.</summary>
public readonly record struct ActorId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>The id of one execution (one message run as one container).</summary>
public readonly record struct ExecutionId(string Value)
{
    public static ExecutionId New() => new(AbacoIds.NewId());
    public override string ToString() => Value;
}

/// <summary>The id of one worker of an actor.</summary>
public readonly record struct WorkerId(string Value)
{
    public static WorkerId New() => new(AbacoIds.NewId());
    public override string ToString() => Value;
}

/// <summary>
/// An actor as the system addresses it: tenant plus id. <see cref="DbId"/> (<c>{tenant}_{id}</c>) is the
/// original's db id; it names the sharded entity, its persistence id and its containers.
/// </summary>
public readonly record struct ActorKey(string Tenant, ActorId Id)
{
    public string DbId => $"{Tenant}_{Id.Value}";

    public static ActorKey New(string tenant) => new(tenant, new ActorId(AbacoIds.NewId()));

    /// <summary>Splits a db id at its last underscore (ids never contain one; tenants may).</summary>
    public static ActorKey Parse(string dbId)
    {
        var cut = dbId.LastIndexOf('_');
        if (cut <= 0 || cut == dbId.Length - 1)
            throw new FormatException($"'{dbId}' is not an actor db id of the form <tenant>_<id>.");
        return new ActorKey(dbId[..cut], new ActorId(dbId[(cut + 1)..]));
    }

    public override string ToString() => DbId;
}
