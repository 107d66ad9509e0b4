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
/// Cron (original-abaco.md §3.10) without the original's 50-second polling: the entity of an actor with <c>cron_on</c>
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

    private bool HasCron => _behaviour != Behaviour.Absent && Actor.Definition.CronOn && Actor.CronNextEx is not null &&
                            Actor.Definition.CronSchedule is not null;

    private void ScheduleCron()
    {
        Timers.Cancel(TimerKey.Cron);
        if (!HasCron || !CronSchedule.TryParseDisplay(Actor.CronNextEx, out var due)) return;
        var wait = due - Now;
        if (wait <= TimeSpan.Zero) Self.Tell(CronDue.Instance);
        else Timers.StartSingleTimer(TimerKey.Cron, CronDue.Instance, wait < LongestCronWait ? wait : LongestCronWait);
    }

    private void OnCronDue()
    {
        if (!HasCron || !CronSchedule.TryParseDisplay(Actor.CronNextEx, out var due)) return;
        var now = Now;
        if (due > now)
        {
            ScheduleCron(); // woke early to recheck the clock
            return;
        }
        var schedule = CronSchedule.Parse(Actor.Definition.CronSchedule!, now, allowPastStart: true);
        var next = schedule.CatchUp(due, now);
        if (due < CronSchedule.HourOf(now))
            _log.Info("Cron of {0} was due at {1}; running once now, next at {2}", _dbId, Actor.CronNextEx,
                CronSchedule.Display(next));

        var executionId = ExecutionId.New().Value;
        var message = new QueuedMessage(executionId, MessageKind.Str, CronMessage,
            ImmutableDictionary<string, string>.Empty.Add("Time_msg_queued", now.ToString("O")),
            CronExecutor, now);
        var record = Actor with { CronNextEx = CronSchedule.Display(next) };
        Persist(new ActorUpdated(record), evt =>
        {
            Apply(evt);
            WriteActorRecord();
            Self.Tell(new SendMessage(Key, message));
            ScheduleCron();
        });
    }
}
