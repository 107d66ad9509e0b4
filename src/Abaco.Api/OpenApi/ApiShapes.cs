namespace Abaco.Api.OpenApi;

/// <summary>
/// The object shapes of the API in snake_case, as the views and parsers name them; the document converts the
/// top-level names to camelCase when <c>web.case = camel</c>, as the views and parsers do.
/// </summary>
public static class ApiShapes
{
    private static ApiField F(string name, string type, string description, bool required = false) =>
        new(name, type, description, required);

    private static readonly ApiField[] Links =
        [F("_links", "object", "Links to the object itself, its owner and related resources (URLs).")];

    public static readonly ApiShape ActorDescription = new("ActorDescription",
        "An actor to register or update; sent as JSON or as form fields (then every value is text).",
        [
            F("image", "string", "The Docker image the actor runs.", required: true),
            F("name", "string", "A name for people."),
            F("description", "string", "What the actor does."),
            F("default_environment", "object", "Environment variables given to every execution."),
            F("stateless", "boolean", "Whether executions may run in parallel (default true); a stateful actor has one worker."),
            F("privileged", "boolean", "Runs the container privileged (admins only)."),
            F("use_container_uid", "boolean", "Runs as the image's user instead of the owner's uid."),
            F("token", "boolean", "Gives each execution an Abaco token (default web.default_token)."),
            F("max_workers", "integer", "The most workers the actor may have (admins and privileged users only)."),
            F("mem_limit", "string", "A memory limit such as 512m or 1g, or -1 for none."),
            F("max_cpus", "integer", "A CPU limit in nano CPUs (1000000000 = 1 CPU), or -1 for none."),
            F("queue", "string", "The queue whose workers run the actor (default \"default\")."),
            F("hints", "string[]", "Free-form hints (simple strings)."),
            F("log_ex", "integer", "Seconds to keep each execution's logs."),
            F("type", "string", "The kind of messages the actor expects: none, bin or json."),
            F("cron_schedule", "string", "A schedule like \"2024-01-01 00 + 1 hour\" to run the actor periodically."),
            F("cron_on", "boolean", "Whether the schedule is active."),
            F("link", "string", "An actor (id or alias) that receives this actor's execution events."),
            F("webhook", "string", "A URL that receives this actor's execution events."),
        ]);

    public static readonly ApiShape ActorUpdate = ActorDescription with
    {
        Name = "ActorUpdate",
        Description = "An actor's new description (the image is required again).",
        Fields = [.. ActorDescription.Fields, F("force", "boolean", "Pulls the image again and restarts the workers.")],
    };

    public static readonly ApiShape Actor = new("Actor", "A registered actor.",
    [
        F("id", "string", "The actor's id."),
        .. ActorDescription.Fields.Where(f => f.Name != "image").Prepend(F("image", "string", "The Docker image.")),
        F("owner", "string", "The user who registered it."),
        F("status", "string", "SUBMITTED, READY, ERROR or SHUTTING_DOWN."),
        F("status_message", "string", "Why the actor is in its status."),
        F("cron_next_ex", "string", "The next scheduled run."),
        F("state", "any", "The actor's state (stateful actors)."),
        F("mounts", "object[]", "Host directories mounted into its containers: host_path, container_path, mode."),
        F("revision", "integer", "Counts the updates."),
        F("uid", "any", "Always null."),
        F("gid", "any", "Always null."),
        F("tasdir", "any", "Always null."),
        F("create_time", "string", "When it was registered."),
        F("last_update_time", "string", "When it last changed."),
        .. Links,
    ]);

    public static readonly ApiShape State = new("State", "An actor's state.", [F("state", "any", "The state document.")]);

    public static readonly ApiShape MessageAccepted = new("MessageAccepted", "A queued message.",
    [
        F("execution_id", "string", "The execution that will run it."),
        F("msg", "string", "The message as the container receives it (empty for binary messages)."),
        .. Links,
    ]);

    public static readonly ApiShape MessageCount = new("MessageCount", "An actor's mailbox.",
        [F("messages", "integer", "How many messages wait."), .. Links]);

    public static readonly ApiShape Purged = new("Purged", "A purged mailbox.",
        [F("msg", "string", "What was done."), .. Links]);

    public static readonly ApiShape Execution = new("Execution", "One execution of an actor.",
    [
        F("id", "string", "The execution's id."),
        F("actor_id", "string", "The actor's id."),
        F("api_server", "string", "The API base URL."),
        F("executor", "string", "The user who sent the message."),
        F("worker_id", "string", "The worker that ran it."),
        F("status", "string", "SUBMITTED, RUNNING, COMPLETE or ERROR."),
        F("status_message", "string", "Why it ended as it did."),
        F("message_received_time", "string", "When the message was accepted."),
        F("start_time", "string", "When the container started."),
        F("finish_time", "string", "When it finished."),
        F("runtime", "integer", "Seconds the container ran."),
        F("cpu", "integer", "CPU time used (nanoseconds)."),
        F("io", "integer", "Network bytes."),
        F("exit_code", "any", "The container's exit code."),
        F("final_state", "object", "The container's final state as Docker reports it."),
        .. Links,
    ]);

    public static readonly ApiShape Executions = new("Executions", "An actor's executions and their totals.",
    [
        F("actor_id", "string", "The actor's id."),
        F("api_server", "string", "The API base URL."),
        F("owner", "string", "The actor's owner."),
        F("total_executions", "integer", "How many executions."),
        F("total_cpu", "integer", "Their CPU time."),
        F("total_io", "integer", "Their network bytes."),
        F("total_runtime", "integer", "Their run time in seconds."),
        F("executions", "object[]", "id, status, start_time, finish_time, message_received_time and _links of each."),
        .. Links,
    ]);

    public static readonly ApiShape Logs = new("Logs", "An execution's logs.",
        [F("logs", "string", "What the container wrote (stdout and stderr)."), .. Links]);

    public static readonly ApiShape Worker = new("Worker", "A worker of an actor.",
    [
        F("id", "string", "The worker's id."),
        F("tenant", "string", "The actor's tenant."),
        F("status", "string", "REQUESTED, READY, BUSY, SHUTTING_DOWN or ERROR."),
        F("ch_name", "string", "The worker's channel."),
        F("image", "string", "The image it runs."),
        F("location", "string", "Where it runs."),
        F("cid", "string", "The container id of its current execution."),
        F("host_id", "string", "The node it runs on."),
        F("host_ip", "string", "That node's address."),
        F("create_time", "string", "When it was started."),
        F("last_execution_time", "string", "When it last ran a message."),
        F("last_health_check_time", "string", "When it was last checked."),
    ]);

    public static readonly ApiShape WorkersRequest = new("WorkersRequest", "How many workers an actor should have.",
        [F("num", "integer", "The number of workers to have at least (default 1).")]);


    public static IReadOnlyList<ApiShape> All { get; } =
    [
        ActorDescription, ActorUpdate, Actor, State, MessageAccepted, MessageCount, Purged, Execution, Executions, Logs,
        Worker, WorkersRequest, .. SharingShapes.All, .. OperatorShapes.All,
        .. DashboardOperations.Shapes,
    ];
}
