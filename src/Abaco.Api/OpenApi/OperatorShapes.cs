namespace Abaco.Api.OpenApi;

/// <summary>The shapes of the admin, search and health answers.</summary>
public static class OperatorShapes
{
    private static ApiField F(string name, string type, string description) => new(name, type, description);

    public static readonly ApiShape Utilization = new("Utilization", "The tenant's load.",
    [
        new("currentActors", "integer", "Actors of the tenant."),
        new("totalActors", "integer", "Actors ever registered."),
        new("workers", "integer", "Workers of the tenant."),
        new("commandQueue", "integer", "Always 0 (there is no command queue)."),
    ]);

    public static readonly ApiShape AdminActor = new("AdminActor", "An actor with its workers and counts (every tenant).",
    [
        .. ApiShapes.Actor.Fields,
        F("tenant", "string", "Its tenant."),
        F("db_id", "string", "Its tenant-qualified id."),
        F("workers", "Worker[]", "Its workers."),
        F("messages", "integer", "Messages waiting."),
        F("executions", "integer", "Executions stored."),
        F("runtime", "integer", "Their run time in seconds."),
    ]);

    public static readonly ApiShape AdminWorkers = new("AdminWorkers", "Every actor's workers and a summary.",
        [F("summary", "object", "total_workers, ready_workers, requested_workers, error_workers, busy_workers, actors_no_workers."),
         F("workers", "object[]", "Each worker (as a Worker) with its actor_id and actor_dbid.")], Cased: false);

    public static readonly ApiShape AdminExecutions = new("AdminExecutions", "Totals of every tenant's executions.",
        [F("summary", "object", "total_actors_all, total_executions_all, total_execution_runtime_all and the like."),
         F("actors", "object[]", "Each actor's id, owner, image and execution totals.")], Cased: false);

    public static readonly ApiShape SearchResult = new("SearchResult", "One page of a search.",
        [F("_metadata", "object", "count_returned, record_limit, records_skipped, total_count."),
         F("search", "object[]", "The matching documents, as the list routes show them.")]);

    public static readonly ApiShape Live = new("Live", "The process answers.", [F("live", "boolean", "Always true.")],
        Cased: false);

    public static readonly ApiShape Ready = new("Ready", "The node can serve.",
        [F("ready", "boolean", "True when every check passes."), F("checks", "object", "Each check and its outcome.")],
        Cased: false);

    public static readonly ApiShape CronRun = new("CronRun", "The next scheduled run of an actor.",
        [F("actor_dbid", "string", "The actor's tenant-qualified id."), F("cron_schedule", "string", "Its schedule."),
         F("cron_next_ex", "string", "Its next run.")], Cased: false);

    public static IReadOnlyList<ApiShape> All { get; } =
        [Utilization, AdminActor, AdminWorkers, AdminExecutions, SearchResult, Live, Ready, CronRun];
}
