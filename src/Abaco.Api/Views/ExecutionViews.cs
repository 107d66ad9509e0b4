using System.Text.Json.Nodes;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Text;

namespace Abaco.Api.Views;

/// <summary>What clients see of executions and their logs (the original's <c>Execution.display()</c> and summaries).</summary>
public sealed class ExecutionViews(ViewCase viewCase)
{
    public JsonObject Execution(ExecutionRecord e) => viewCase.Cased(ExecutionSnake(e));

    public static JsonObject ExecutionSnake(ExecutionRecord e) => new()
    {
        ["id"] = e.Id,
        ["actor_id"] = e.ActorId,
        ["api_server"] = e.ApiServer,
        ["executor"] = e.Executor,
        ["worker_id"] = e.WorkerId,
        ["status"] = e.Status,
        ["status_message"] = e.StatusMessage,
        ["message_received_time"] = AbacoTime.Display(e.MessageReceivedTime),
        ["start_time"] = AbacoTime.Display(e.StartTime),
        ["finish_time"] = AbacoTime.Display(e.FinishTime),
        ["runtime"] = e.Runtime,
        ["cpu"] = e.Cpu,
        ["io"] = e.Io,
        ["exit_code"] = ExitCode(e),
        ["final_state"] = FinalState(e.FinalState),
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ViewLinks.ActorUrl(e.ApiServer, e.ActorId)}/executions/{e.Id}",
            ["owner"] = ViewLinks.OwnerUrl(e.ApiServer, e.Executor),
            ["logs"] = $"{ViewLinks.ActorUrl(e.ApiServer, e.ActorId)}/executions/{e.Id}/logs",
        },
    };

    /// <summary>A finished execution whose code Docker could not tell shows <c>undetermined</c>, as in the original.</summary>
    private static JsonNode? ExitCode(ExecutionRecord e) =>
        e.ExitCode is { } code ? JsonValue.Create(code)
        : ExecutionStatus.IsFinal(e.Status) && e.StartTime is not null ? JsonValue.Create("undetermined")
        : null;

    private static JsonObject? FinalState(FinalState? s) => s is null
        ? null
        : new JsonObject
        {
            ["Status"] = s.Status,
            ["Running"] = s.Running,
            ["Paused"] = s.Paused,
            ["Restarting"] = s.Restarting,
            ["OOMKilled"] = s.OOMKilled,
            ["Dead"] = s.Dead,
            ["Pid"] = s.Pid,
            ["ExitCode"] = s.ExitCode,
            ["Error"] = s.Error,
            ["StartedAt"] = AbacoTime.Display(s.StartedAt),
            ["FinishedAt"] = AbacoTime.Display(s.FinishedAt),
        };

    /// <summary>GET <c>/actors/{id}/executions</c> (the original's ExecutionsSummary).</summary>
    public JsonObject ExecutionsSummary(ActorRecord actor, IReadOnlyList<ExecutionRecord> executions) => viewCase.Cased(new JsonObject
    {
        ["actor_id"] = actor.Id,
        ["api_server"] = actor.ApiServer,
        ["owner"] = actor.Owner,
        ["total_executions"] = executions.Count,
        ["total_cpu"] = executions.Sum(e => e.Cpu),
        ["total_io"] = executions.Sum(e => e.Io),
        ["total_runtime"] = executions.Sum(e => e.Runtime),
        ["executions"] = new JsonArray(executions.Select(e => (JsonNode?)new JsonObject
        {
            ["id"] = e.Id,
            ["status"] = e.Status,
            ["start_time"] = AbacoTime.Display(e.StartTime),
            ["finish_time"] = AbacoTime.Display(e.FinishTime),
            ["message_received_time"] = AbacoTime.Display(e.MessageReceivedTime),
        }).ToArray()),
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ViewLinks.ActorUrl(actor.ApiServer, actor.Id)}/executions",
            ["owner"] = ViewLinks.OwnerUrl(actor.ApiServer, actor.Owner),
        },
    });

    public JsonObject Logs(ExecutionRecord e, string logs) => viewCase.Cased(LogsSnake(e.Id, e.ApiServer, e.ActorId, e.Executor, logs));

    public static JsonObject LogsSnake(string executionId, string apiServer, string actorId, string owner, string logs) => new()
    {
        ["logs"] = logs,
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ViewLinks.ActorUrl(apiServer, actorId)}/executions/{executionId}/logs",
            ["owner"] = ViewLinks.OwnerUrl(apiServer, owner),
            ["execution"] = $"{ViewLinks.ActorUrl(apiServer, actorId)}/executions/{executionId}",
        },
    };
}
