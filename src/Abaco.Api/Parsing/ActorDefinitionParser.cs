using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Api.Http;
using Abaco.Core.Actors;
using Abaco.Core.Cron;
using Abaco.Core.Settings;
using Abaco.Core.Text;

namespace Abaco.Api.Parsing;

/// <summary>
/// Reads an actor description from a POST or PUT (original-abaco.md §1.3 #2, #4). Only the fields of original-abaco.md §2.2 a user may set
/// are read — anything else is ignored, unlike the original (original-abaco.md §5.9 quirk 4). Omitted fields take their defaults,
/// which makes PUT a full replacement, as in the original.
/// </summary>
public static class ActorDefinitionParser
{
    private static readonly char[] ForbiddenHintCharacters = ['"', '\'', '{', '}', '[', ']'];
    private static readonly string[] Types = ["none", "bin", "json"];

    public static ActorDefinition Parse(RequestFields fields, AbacoSettings settings, DateTime? now = null)
    {
        var image = fields.RequiredString("image");
        if (image.Any(char.IsWhiteSpace))
            throw ApiError.BadRequest($"Invalid actor description: {fields.Name("image")} must be a docker image reference without spaces.");

        var stateless = fields.Bool("stateless") ?? true;
        var maxWorkers = fields.Int("max_workers");
        if (maxWorkers is not null && !stateless)
            throw ApiError.BadRequest("Invalid actor description: stateful actors can only have 1 worker.");
        if (maxWorkers is < 1)
            throw ApiError.BadRequest($"Invalid actor description: {fields.Name("max_workers")} must be at least 1.");

        // An empty mem_limit is no limit the caller asked for (check_privileged does not count it as set): it must
        // mean the operator's default, never "unlimited".
        var memLimit = fields.String("mem_limit");
        if (string.IsNullOrWhiteSpace(memLimit)) memLimit = null;
        else memLimit = memLimit.Trim();
        if (memLimit is not null && !DockerSize.IsValid(memLimit))
            throw ApiError.BadRequest(
                $"Invalid actor description: {fields.Name("mem_limit")} must be a memory size such as 512m or 1g, or -1.");

        var maxCpus = fields.Long("max_cpus");
        if (maxCpus is not null and not -1 and < 1)
            throw ApiError.BadRequest(
                $"Invalid actor description: {fields.Name("max_cpus")} must be a positive number of nano CPUs (1000000000 = 1 CPU), or -1.");

        var queue = fields.String("queue")?.Trim();
        if (string.IsNullOrEmpty(queue)) queue = "default";
        if (!settings.Web.ValidQueues(settings.Spawner).Contains(queue))
            throw ApiError.BadRequest("Invalid queue name.");

        var hints = fields.StringList("hints") ?? ImmutableArray<string>.Empty;
        foreach (var hint in hints)
        {
            var bad = hint.IndexOfAny(ForbiddenHintCharacters);
            if (bad >= 0)
                throw ApiError.BadRequest(
                    $"Hints must be simple stings or numbers, no lists or dicts. Error character: {hint[bad]}");
        }

        var logEx = fields.Int("log_ex");
        if (logEx is < 1)
            throw ApiError.BadRequest($"Invalid actor description: {fields.Name("log_ex")} must be a positive number of seconds.");

        var type = fields.String("type")?.Trim().ToLowerInvariant() ?? "none";
        if (!Types.Contains(type))
            throw ApiError.BadRequest($"Invalid actor description: {fields.Name("type")} must be one of none, bin, json.");

        var cronSchedule = fields.String("cron_schedule");
        if (!string.IsNullOrWhiteSpace(cronSchedule))
        {
            try
            {
                CronSchedule.Parse(cronSchedule, now ?? DateTime.UtcNow);
            }
            catch (FormatException e)
            {
                throw ApiError.BadRequest(e.Message);
            }
        }

        return new ActorDefinition(
            Image: image,
            Name: fields.String("name"),
            Description: fields.String("description") ?? "",
            DefaultEnvironment: fields.Object("default_environment") ?? ImmutableDictionary<string, JsonElement>.Empty,
            Stateless: stateless,
            Privileged: fields.Bool("privileged") ?? false,
            UseContainerUid: fields.Bool("use_container_uid") ?? false,
            Token: fields.Bool("token") ?? settings.Web.DefaultToken,
            MaxWorkers: maxWorkers,
            MemLimit: memLimit,
            MaxCpus: maxCpus is -1 ? null : maxCpus,
            Queue: queue,
            Hints: hints,
            Link: fields.String("link") ?? "",
            Webhook: fields.String("webhook") ?? "",
            CronSchedule: string.IsNullOrWhiteSpace(cronSchedule) ? null : cronSchedule.Trim(),
            CronOn: fields.Bool("cron_on") ?? false,
            LogEx: logEx,
            Type: type);
    }
}
