using System.Collections.Immutable;
using Abaco.Core.Actors;
using Abaco.Core.Cron;
using Abaco.Core.Ids;
using Abaco.Core.Messages;
using Akka.Actor;
using Akka.Event;
using static Abaco.Protocol.ActorCommands;

namespace Abaco.Runtime.Actors;

/// <summary>
/// Cron (reference §3.10) without the original's 50-second polling: the entity of an actor with <c>cron_on</c>
/// stays in memory with a timer set for its <c>cron_next_ex</c> hour. When due it queues one message from
/// <c>cron</c> and moves <c>cron_next_ex</c> past the current hour, so runs missed during downtime become one run,
/// not a storm. Nodes wake every actor's entity at start, so schedules survive restarts.
/// </summary>
public sealed partial class ActorEntity
{
    public const string CronExecutor = "cron";
    public const string CronMessage = "This is your cron execution";

    /// <summary>Timers wake at least this often to recheck the clock (long timers drift and overflow).</summary>
    private static readonly TimeSpan LongestCronWait = TimeSpan.FromHours(1);

    private bool HasCron => _state.Exists && Actor.Definition.CronOn && Actor.CronNextEx is not null &&
                            Actor.Definition.CronSchedule is not null;

    /// <summary>A registration with a schedule turns cron on and starts at the schedule's start (as the original).</summary>
    private static (ActorDefinition Definition, string? NextEx) CronAtRegistration(ActorDefinition definition, DateTime now) =>
        definition.CronSchedule is { } schedule
            ? (definition with { CronOn = true },
                CronSchedule.Display(CronSchedule.Parse(schedule, now, allowPastStart: true).Start))
            : (definition, null);

    /// <summary>A PUT takes cron_on from the request and restarts the schedule at its start.</summary>
    private static string? CronAtUpdate(ActorDefinition definition, DateTime now) =>
        definition.CronSchedule is { } schedule
            ? CronSchedule.Display(CronSchedule.Parse(schedule, now, allowPastStart: true).Start)
            : null;

    private void ScheduleCron()
    {
        Timers.Cancel("cron");
        if (!HasCron || !CronSchedule.TryParseDisplay(Actor.CronNextEx, out var due)) return;
        var wait = due - Now;
        if (wait <= TimeSpan.Zero) Self.Tell(CronDue.Instance);
        else Timers.StartSingleTimer("cron", CronDue.Instance, wait < LongestCronWait ? wait : LongestCronWait);
    }

    private void OnCronDue()
    {
        if (!HasCron || Actor.Status == ActorStatus.ShuttingDown ||
            !CronSchedule.TryParseDisplay(Actor.CronNextEx, out var due)) return;
        var now = Now;
        if (due > now)
        {
            ScheduleCron(); // woke early to recheck the clock
            return;
        }
        var schedule = CronSchedule.Parse(Actor.Definition.CronSchedule!, now, allowPastStart: true);
        var thisHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var next = schedule.After(due);
        while (next <= thisHour) next = schedule.After(next);
        if (due < thisHour)
            _log.Info("Cron of {0} was due at {1}; running once now, next at {2}", _dbId, Actor.CronNextEx,
                CronSchedule.Display(next));

        var executionId = ExecutionId.New().Value;
        var message = new QueuedMessage(executionId, MessageKind.Str, CronMessage,
            ImmutableDictionary<string, string>.Empty
                .Add("_abaco_execution_id", executionId)
                .Add("_abaco_Content_Type", QueuedMessage.StrContentType)
                .Add("Time_msg_queued", now.ToString("O")),
            CronExecutor, now);
        var record = Actor with { CronNextEx = CronSchedule.Display(next) };
        Persist(new ActorUpdated(record), evt =>
        {
            Apply(evt);
            _ = _stores.Actors.UpsertAsync(record);
            Self.Tell(new SendMessage(ActorKey.Parse(_dbId), message));
            ScheduleCron();
        });
    }

    private sealed class CronDue : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly CronDue Instance = new();
    }
}
