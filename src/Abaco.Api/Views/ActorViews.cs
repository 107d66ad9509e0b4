using System.Text.Json;
using System.Text.Json.Nodes;
using Abaco.Core.Actors;
using Abaco.Core.Text;

namespace Abaco.Api.Views;

/// <summary>
/// What clients see of an actor (the original's <c>Actor.display()</c>): snake_case fields, times as display strings,
/// hypermedia links, in the configured case.
/// </summary>
public sealed class ActorViews(ViewCase viewCase)
{
    public JsonObject Actor(ActorRecord actor) => viewCase.Cased(ActorSnake(actor));

    /// <summary>The actor as displayed, before case conversion (search filters on these names).</summary>
    public static JsonObject ActorSnake(ActorRecord actor)
    {
        var d = actor.Definition;
        return new JsonObject
        {
            ["id"] = actor.Id,
            ["name"] = d.Name,
            ["image"] = d.Image,
            ["description"] = d.Description,
            ["owner"] = actor.Owner,
            ["status"] = actor.Status,
            ["status_message"] = actor.StatusMessage,
            ["default_environment"] = Object(d.DefaultEnvironment),
            ["stateless"] = d.Stateless,
            ["privileged"] = d.Privileged,
            ["use_container_uid"] = d.UseContainerUid,
            ["token"] = d.Token,
            ["max_workers"] = d.MaxWorkers,
            ["mem_limit"] = d.MemLimit,
            ["max_cpus"] = d.MaxCpus,
            ["queue"] = d.Queue,
            ["hints"] = JsonLists.Of(d.Hints, h => JsonValue.Create(h)),
            ["link"] = d.Link,
            ["webhook"] = d.Webhook,
            ["cron_schedule"] = d.CronSchedule,
            ["cron_on"] = d.CronOn,
            ["cron_next_ex"] = actor.CronNextEx,
            ["log_ex"] = d.LogEx,
            ["type"] = d.Type,
            ["state"] = JsonNode.Parse(actor.State.GetRawText()),
            ["mounts"] = new JsonArray(actor.Mounts.Select(m => (JsonNode?)new JsonObject
            {
                ["host_path"] = m.HostPath,
                ["container_path"] = m.ContainerPath,
                ["mode"] = m.Mode,
            }).ToArray()),
            ["revision"] = actor.Revision,
            ["uid"] = null,
            ["gid"] = null,
            ["tasdir"] = null,
            ["create_time"] = AbacoTime.Display(actor.CreateTime),
            ["last_update_time"] = AbacoTime.Display(actor.LastUpdateTime),
            ["_links"] = new JsonObject
            {
                ["self"] = ViewLinks.ActorUrl(actor.ApiServer, actor.Id),
                ["owner"] = ViewLinks.OwnerUrl(actor.ApiServer, actor.Owner),
                ["executions"] = $"{ViewLinks.ActorUrl(actor.ApiServer, actor.Id)}/executions",
            },
        };
    }

    private static JsonObject Object(IEnumerable<KeyValuePair<string, JsonElement>> values)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in values) obj[key] = JsonNode.Parse(value.GetRawText());
        return obj;
    }
}
