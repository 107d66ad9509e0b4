namespace Abaco.Api.OpenApi;

/// <summary>The actor routes: actors, state, messages, executions and workers.</summary>
public static class ActorOperations
{
    private const string Actor = "/actors/{actorId}";

    /// <summary>The list routes also search when one of these (or a field filter) is in the query.</summary>
    public static readonly IReadOnlyList<ApiField> Search =
    [
        new("search", "string", "Whitespace-separated terms; a document matches when any term occurs in a value (ranked)."),
        new("exactsearch", "string", "A phrase that must occur in some value."),
        new("skip", "integer", "Results to skip (default 0)."),
        new("limit", "integer", "Results to return (default 100)."),
    ];

    private static readonly ApiBody ActorBody = new(ApiShapes.ActorDescription.Name, Form: true, Binary: false,
        Required: true, "The actor's description.");

    private static readonly IReadOnlyList<ApiField> MessageQuery =
    [
        new("message", "string", "A text message (instead of a body)."),
        new("_abaco_synchronous", "boolean",
            "true: wait for the execution and answer its result (application/octet-stream) or its logs."),
    ];

    public static IReadOnlyList<ApiOperation> All { get; } =
    [
        new("GET", "/actors", "actors", "List the actors you may read", Env("Actor[]", "The actors."), Query: Search,
            Description: "With a search parameter the result is a SearchResult instead."),
        new("POST", "/actors", "actors", "Register an actor", Env("Actor", "The new actor."), ActorBody),
        new("GET", Actor, "actors", "Get an actor (by id or alias)", Env("Actor", "The actor.")),
        new("PUT", Actor, "actors", "Update an actor",
            Env("Actor", "The updated actor."), ActorBody with { Shape = ApiShapes.ActorUpdate.Name }),
        new("DELETE", Actor, "actors", "Delete an actor, its workers and executions", Env(null, "Deleted.")),
        new("GET", Actor + "/state", "actors", "Get a stateful actor's state", Env("State", "The state.")),
        new("POST", Actor + "/state", "actors", "Replace a stateful actor's state", Env("Actor", "The actor."),
            new ApiBody(null, Form: false, Binary: false, Required: true, "The new state: any JSON document.")),

        new("GET", Actor + "/messages", "messages", "Count the messages waiting", Env("MessageCount", "The mailbox.")),
        new("POST", Actor + "/messages", "messages", "Send a message", Env("MessageAccepted", "The queued message."),
            new ApiBody(null, Form: true, Binary: true, Required: false,
                "A JSON object with a \"message\" field or a form field \"message\" is a text message; any other JSON " +
                "with Content-Type application/json is a JSON message; application/octet-stream is a binary message."),
            MessageQuery,
            Description: "Every other query parameter becomes an environment variable of the execution."),
        new("DELETE", Actor + "/messages", "messages", "Purge the waiting messages", Env("Purged", "The purge.")),

        new("GET", Actor + "/executions", "executions", "List an actor's executions",
            Env("Executions", "The executions and their totals."), Query: Search),
        new("GET", Actor + "/executions/{executionId}", "executions", "Get an execution", Env("Execution", "The execution.")),
        new("DELETE", Actor + "/executions/{executionId}", "executions", "Halt a running execution", Env(null, "Halted.")),
        new("GET", Actor + "/executions/{executionId}/logs", "executions", "Get an execution's logs",
            Env("Logs", "The logs."), Query: Search),
        new("GET", Actor + "/executions/{executionId}/results", "executions",
            "Take the next result the execution wrote (its socket output)",
            ApiResult.Raw("application/octet-stream", "The result's bytes, empty when there is none.")),

        new("GET", Actor + "/workers", "workers", "List an actor's workers", Env("Worker[]", "The workers."),
            Query: Search),
        new("POST", Actor + "/workers", "workers", "Ensure an actor has workers (admins)", Env(null, "Scheduled."),
            new ApiBody(ApiShapes.WorkersRequest.Name, Form: true, Binary: false, Required: false, "How many.")),
        new("GET", Actor + "/workers/{workerId}", "workers", "Get a worker", Env("Worker", "The worker.")),
        new("DELETE", Actor + "/workers/{workerId}", "workers", "Stop a worker", Env(null, "Stopped.")),
    ];

    private static ApiResult Env(string? shape, string description) => ApiResult.Enveloped(shape, description);
}
