using System.Text.Json.Nodes;
using Abaco.Core.Text;
using Abaco.Core.Workers;

namespace Abaco.Api.Views;

/// <summary>What clients see of a worker (the original's <c>Worker.display()</c>).</summary>
public sealed class WorkerViews(ViewCase viewCase)
{
    public JsonObject Worker(WorkerRecord w) => viewCase.Cased(WorkerSnake(w));

    public static JsonObject WorkerSnake(WorkerRecord w) => new()
    {
        ["id"] = w.Id,
        ["tenant"] = w.Tenant,
        ["status"] = w.Status,
        ["ch_name"] = w.ChName,
        ["image"] = w.Image,
        ["location"] = w.Location,
        ["cid"] = w.Cid,
        ["host_id"] = w.HostId,
        ["host_ip"] = w.HostIp,
        ["create_time"] = AbacoTime.Display(w.CreateTime),
        ["last_execution_time"] = AbacoTime.Display(w.LastExecutionTime),
        ["last_health_check_time"] = AbacoTime.Display(w.LastHealthCheckTime),
    };
}
