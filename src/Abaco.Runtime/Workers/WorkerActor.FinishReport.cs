using Akka.Actor;
using Akka.Event;
using static Abaco.Protocol.WorkerProtocol;

namespace Abaco.Runtime.Workers;

/// <summary>
/// The end of an execution is reported until the entity says it is journalled. The report travels through the shard
/// region, and a shard being handed off to another node drops what reaches it meanwhile: without a repeat the entity's
/// next incarnation would take a completed execution for interrupted and never hand this worker its next message.
/// The entity recognises a repeat by its execution id.
/// </summary>
public sealed partial class WorkerActor
{
    private const string FinishReportTimer = "finish-report";

    // Repeats of the report in hand left before the worker gives up on an acknowledgement.
    private int _finishRepeatsLeft;

    private void ReportFinished(ExecutionFinished finished)
    {
        _lastFinished = finished;
        _finishRepeatsLeft = (int)(_timings.FinishReportPatience / _timings.FinishReportRepeat);
        _entities.Tell(finished);
        SetTimer(FinishReportTimer, RepeatFinishReport.Instance, _timings.FinishReportRepeat, repeat: true);
    }

    /// <summary>The next execution was handed over: its entity has settled the last one, one way or another.</summary>
    private void ForgetFinishReport()
    {
        _lastFinished = null;
        CancelTimer(FinishReportTimer);
    }

    private State<WorkerState, WorkerData> RepeatFinish()
    {
        if (_lastFinished is not { } finished || _finishRepeatsLeft-- <= 0)
        {
            if (_lastFinished is { } unanswered)
                _log.Warning("Worker {0} of {1} stops repeating the end of execution {2}: its entity never acknowledged it",
                    _start.WorkerId, _start.ActorKey.DbId, unanswered.ExecutionId);
            CancelTimer(FinishReportTimer);
            return Stay();
        }
        _log.Info("Worker {0} of {1} reports the end of execution {2} again: not acknowledged yet", _start.WorkerId,
            _start.ActorKey.DbId, finished.ExecutionId);
        _entities.Tell(finished);
        return Stay();
    }

    private State<WorkerState, WorkerData> FinishJournalled(FinishAcknowledged acknowledged)
    {
        if (_lastFinished?.ExecutionId == acknowledged.ExecutionId) ForgetFinishReport();
        return Stay();
    }

    private sealed class RepeatFinishReport : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static readonly RepeatFinishReport Instance = new();
    }
}
