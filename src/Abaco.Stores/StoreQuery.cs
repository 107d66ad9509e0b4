namespace Abaco.Stores;

// What a search asks of the execution and log stores, in terms the stores translate into their own query language
// (parameterised SQL). Fields are a closed set, so no name from a request ever reaches the SQL text.

/// <summary>The stored fields a search condition may name.</summary>
public enum StoreField
{
    /// <summary>An execution's id (text, never null).</summary>
    ExecutionId,
    /// <summary>The actor's id, without tenant (text, never null).</summary>
    ActorId,
    /// <summary>Who sent the message (text, never null).</summary>
    Executor,
    /// <summary>The worker that ran the execution (text, null until one did).</summary>
    WorkerId,
    /// <summary>SUBMITTED, RUNNING, COMPLETE or ERROR (text, never null).</summary>
    Status,
    /// <summary>Seconds (integer, never null).</summary>
    Runtime,
    /// <summary>Nanoseconds of CPU (integer, never null).</summary>
    Cpu,
    /// <summary>Bytes of block I/O (integer, never null).</summary>
    Io,
    /// <summary>When the message arrived, compared at the milliseconds the API shows (never null).</summary>
    MessageReceivedTime,
    /// <summary>A log's text (never null).</summary>
    Logs,
}

public enum StoreComparison { Eq, Neq, Lt, Lte, Gt, Gte, In, Nin, Between }

/// <summary>
/// One condition: <see cref="Values"/> are strings for text fields, doubles for integer fields and
/// <see cref="DateTime"/>s (UTC) for times; one value, two for <see cref="StoreComparison.Between"/> (inclusive), one
/// or more for <see cref="StoreComparison.In"/>/<see cref="StoreComparison.Nin"/>. <see cref="StoreComparison.Neq"/>
/// and <see cref="StoreComparison.Nin"/> match a null field.
/// </summary>
public sealed record StoreCondition(StoreField Field, StoreComparison Comparison, IReadOnlyList<object> Values);

/// <summary>
/// Which rows of one tenant a search reads: those of the given actors (db ids; empty = none), of one execution when
/// <see cref="ExecutionId"/> is set, matching every condition.
/// </summary>
public sealed record StoreQuery(
    string Tenant,
    IReadOnlyCollection<string> ActorDbIds,
    string? ExecutionId,
    IReadOnlyList<StoreCondition> Conditions);

/// <summary>Where a page of rows ended, to read on after it (keyset paging: rows added meanwhile are not skipped twice).</summary>
public sealed record StoreCursor(object Position, long Seq);

/// <summary>Rows in list order and the cursor after the last one (null when the page is empty).</summary>
public sealed record StorePage<T>(IReadOnlyList<T> Items, StoreCursor? Next);

/// <summary>A log with the execution it belongs to (null when that record is gone), for search results.</summary>
public sealed record SearchableLog(StoredLog Log, Abaco.Core.Executions.ExecutionRecord? Execution);
