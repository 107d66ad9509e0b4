using Abaco.Core.Executions;
using Abaco.Stores.Tests.Backends;
using Abaco.Tests.Support;

namespace Abaco.Stores.Tests;

public abstract class ExecutionStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    private static readonly DateTime T0 = Samples.T0;

    [Fact(DisplayName = "A finished execution reads back field by field, final state included")]
    public async Task Finished_execution_round_trips()
    {
        var execution = StoreSamples.FinishedExecution();

        await Stores.Executions.UpsertAsync(execution);

        DeepAssert.Equal(execution, await Stores.Executions.GetAsync(execution.ActorDbId, execution.Id));
    }

    [Fact(DisplayName = "A submitted execution keeps its null worker, times, exit code and final state")]
    public async Task Submitted_execution_round_trips()
    {
        var execution = Samples.Execution("DEV", "a1", "e1", T0);

        await Stores.Executions.UpsertAsync(execution);
        var back = await Stores.Executions.GetAsync("DEV_a1", "e1");

        DeepAssert.Equal(execution, back);
        Assert.Null(back!.WorkerId);
        Assert.Null(back.StartTime);
        Assert.Null(back.FinishTime);
        Assert.Null(back.ExitCode);
        Assert.Null(back.FinalState);
    }

    [Fact(DisplayName = "A final state without times keeps them null")]
    public async Task Final_state_without_times()
    {
        var execution = StoreSamples.FinishedExecution() with
        {
            Status = ExecutionStatus.Error,
            StatusMessage = "container vanished",
            FinalState = new FinalState("dead", false, false, false, false, true, 0, -1, "", null, null),
        };

        await Stores.Executions.UpsertAsync(execution);

        DeepAssert.Equal(execution, await Stores.Executions.GetAsync(execution.ActorDbId, execution.Id));
    }

    [Fact(DisplayName = "Upserting an execution again overwrites it")]
    public async Task Upsert_overwrites()
    {
        var submitted = Samples.Execution("DEV", "a1", "e1", T0);
        var complete = submitted with
        {
            WorkerId = "w1", Status = ExecutionStatus.Complete, StartTime = T0.AddSeconds(1), FinishTime = T0.AddSeconds(2),
            Runtime = 1, ExitCode = 0,
        };

        await Stores.Executions.UpsertAsync(submitted);
        await Stores.Executions.UpsertAsync(complete);

        DeepAssert.Equal(complete, await Stores.Executions.GetAsync("DEV_a1", "e1"));
        DeepAssert.Equal(complete, Assert.Single(await Stores.Executions.ListAsync("DEV_a1")));
    }

    [Fact(DisplayName = "A late RUNNING or SUBMITTED write does not undo a finished execution; a finished one may be rewritten")]
    public async Task Finished_executions_stay_finished()
    {
        var submitted = Samples.Execution("DEV", "a1", "e1", T0);
        var running = submitted with { WorkerId = "w1", Status = ExecutionStatus.Running, StartTime = T0.AddSeconds(1) };
        var complete = running with { Status = ExecutionStatus.Complete, FinishTime = T0.AddSeconds(2), Runtime = 1, ExitCode = 0 };
        var halted = complete with { StatusMessage = "The execution was stopped by Abaco before it finished." };

        await Stores.Executions.UpsertAsync(complete);
        await Stores.Executions.UpsertAsync(running);
        await Stores.Executions.UpsertAsync(submitted);
        DeepAssert.Equal(complete, await Stores.Executions.GetAsync("DEV_a1", "e1"));

        await Stores.Executions.UpsertAsync(halted);
        DeepAssert.Equal(halted, await Stores.Executions.GetAsync("DEV_a1", "e1"));
    }

    [Fact(DisplayName = "Executions are keyed by actor: the same id under another actor is another execution")]
    public async Task Keyed_by_actor()
    {
        await Stores.Executions.UpsertAsync(Samples.Execution("DEV", "a1", "e1", T0));

        Assert.Null(await Stores.Executions.GetAsync("DEV_a2", "e1"));
        Assert.Null(await Stores.Executions.GetAsync("DEV_a1", "e2"));
        Assert.Empty(await Stores.Executions.ListAsync("DEV_a2"));
    }

    [Fact(DisplayName = "An actor's executions list in message_received_time order, whatever the write order")]
    public async Task List_is_ordered_by_received_time()
    {
        var times = new[]
        {
            ("e-late", T0.AddHours(1)), ("e-first", T0.AddDays(-1)), ("e-ms", T0.AddMilliseconds(1)), ("e-t0", T0),
            ("e-sec", T0.AddSeconds(1)), ("e-year", T0.AddYears(1)), ("e-min", T0.AddMinutes(-1)),
        };
        foreach (var (id, received) in times)
            await Stores.Executions.UpsertAsync(Samples.Execution("DEV", "a1", id, received));
        await Stores.Executions.UpsertAsync(Samples.Execution("DEV", "other", "e-other", T0));

        var listed = await Stores.Executions.ListAsync("DEV_a1");

        Assert.Equal(["e-first", "e-min", "e-t0", "e-ms", "e-sec", "e-late", "e-year"], listed.Select(e => e.Id));
    }

    [Fact(DisplayName = "Executions are kept when their actor record is deleted")]
    public async Task Kept_after_actor_deletion()
    {
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV", "a1"));
        await Stores.Executions.UpsertAsync(Samples.Execution("DEV", "a1", "e1", T0));

        await Stores.Actors.DeleteAsync("DEV_a1");

        Assert.NotNull(await Stores.Executions.GetAsync("DEV_a1", "e1"));
    }

    [Fact(DisplayName = "A tenant's executions list across its actors in received order, never another tenant's")]
    public async Task List_by_tenant()
    {
        // "DEV" actor "STAGING_a1" and "DEV_STAGING" actor "a1" share the actor dbid prefix "DEV_STAGING_a1".
        await Stores.Executions.UpsertAsync(Samples.Execution("DEV", "a2", "e3", T0.AddMinutes(3)));
        await Stores.Executions.UpsertAsync(Samples.Execution("DEV", "a1", "e1", T0.AddMinutes(1)));
        await Stores.Executions.UpsertAsync(Samples.Execution("DEV", "STAGING_a1", "e2", T0.AddMinutes(2)));
        await Stores.Executions.UpsertAsync(Samples.Execution("DEV_STAGING", "a1", "s1", T0));
        await Stores.Executions.UpsertAsync(Samples.Execution("dev", "a1", "l1", T0.AddMinutes(4)));

        Assert.Equal(["e1", "e2", "e3"], (await Stores.Executions.ListByTenantAsync("DEV")).Select(e => e.Id));
        Assert.Equal(["s1"], (await Stores.Executions.ListByTenantAsync("DEV_STAGING")).Select(e => e.Id));
        Assert.Equal(["l1"], (await Stores.Executions.ListByTenantAsync("dev")).Select(e => e.Id));
        Assert.Empty(await Stores.Executions.ListByTenantAsync("PROD"));
    }

    [Fact(DisplayName = "Listing executions with no tenant lists every tenant's, in received order, as stored")]
    public async Task List_all_tenants()
    {
        var finished = StoreSamples.FinishedExecution("SD2E", "a9", "f1") with { MessageReceivedTime = T0.AddMinutes(1) };
        await Stores.Executions.UpsertAsync(Samples.Execution("DEV", "a1", "e2", T0.AddMinutes(2)));
        await Stores.Executions.UpsertAsync(finished);
        await Stores.Executions.UpsertAsync(Samples.Execution("PROD", "a1", "p0", T0));

        var all = await Stores.Executions.ListByTenantAsync(null);

        Assert.Equal(["p0", "f1", "e2"], all.Select(e => e.Id));
        DeepAssert.Equal(finished, all[1]);
    }
}

public sealed class SqliteExecutionStoreSpecs() : ExecutionStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresExecutionStoreSpecs() : ExecutionStoreSpecs(new PostgresStoresUnderTest());
