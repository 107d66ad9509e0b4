using System.Text.Json.Nodes;
using Abaco.Core.Executions;
using Abaco.Core.Search;
using Abaco.Core.Text;
using Abaco.Stores.Tests.Backends;

namespace Abaco.Stores.Tests;

/// <summary>
/// Search in the store: for every query, what <see cref="StoreSearch"/> answers (SQL for the filters it can apply,
/// the document filter for the rest, paging in SQL or through the window) equals what the document filter alone
/// answers over every record in memory, the way search worked before it moved into the stores.
/// </summary>
public abstract class SearchStoreSpecs(StoresUnderTest backend) : StoreSpecs(backend)
{
    private static readonly DateTime T0 = Samples.T0;
    private static readonly string[] Statuses =
        [ExecutionStatus.Submitted, ExecutionStatus.Running, ExecutionStatus.Complete, ExecutionStatus.Error];

    /// <summary>The executions' fields as the API shows them (the fields the store may filter on are exactly these).</summary>
    private static JsonObject Doc(ExecutionRecord e) => new()
    {
        ["id"] = e.Id,
        ["actor_id"] = e.ActorId,
        ["executor"] = e.Executor,
        ["worker_id"] = e.WorkerId,
        ["status"] = e.Status,
        ["status_message"] = e.StatusMessage,
        ["message_received_time"] = AbacoTime.Display(e.MessageReceivedTime),
        ["start_time"] = AbacoTime.Display(e.StartTime),
        ["runtime"] = e.Runtime,
        ["cpu"] = e.Cpu,
        ["io"] = e.Io,
        ["final_state"] = e.FinalState is null ? null : new JsonObject { ["Status"] = e.FinalState.Status },
    };

    /// <summary>
    /// 40 executions of DEV_a1, DEV_a2 and DEV_a3 and 4 of OTHER, written out of received order; e04 arrived
    /// 0.4 ms after the millisecond the API shows, e09 and e10 at the same instant.
    /// </summary>
    private async Task<List<ExecutionRecord>> SeedAsync()
    {
        var all = new List<ExecutionRecord>();
        for (var i = 0; i < 44; i++)
        {
            var tenant = i < 40 ? "DEV" : "OTHER";
            var status = Statuses[i % 4];
            var received = T0.AddSeconds(i == 10 ? 9 : i);
            if (i == 4) received = received.AddTicks(4_000);
            all.Add(Samples.Execution(tenant, $"a{i % 3 + 1}", $"e{i:00}", received) with
            {
                Executor = i % 5 == 0 ? "Abaco Event" : "jdoe",
                WorkerId = status == ExecutionStatus.Submitted ? null : $"w{i % 2 + 1}",
                Status = status,
                StatusMessage = i == 7 ? "a1 was busy" : "",
                StartTime = status == ExecutionStatus.Submitted ? null : received.AddSeconds(1),
                Runtime = i % 7,
                Cpu = i * 1000L,
                Io = i % 2 == 0 ? 0 : 4096,
                FinalState = ExecutionStatus.IsFinal(status)
                    ? new FinalState(i % 8 == 3 ? "dead" : "exited", false, false, false, false, false, 1, 0, "", null, null)
                    : null,
            });
        }
        // Written in a scrambled order: the list order is by arrival, then by write.
        var written = Enumerable.Range(0, all.Count).Select(i => all[i * 7 % all.Count]).ToList();
        foreach (var e in written) await Stores.Executions.UpsertAsync(e);
        return written;
    }

    private static SearchQuery Parse(string queryString) =>
        SearchQuery.Parse(queryString.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p =>
        {
            var eq = p.IndexOf('=');
            return KeyValuePair.Create(p[..eq], p[(eq + 1)..]);
        }), camelCase: false);

    private static readonly StoreQuery DevA1A2 = new("DEV", ["DEV_a1", "DEV_a2"], null, []);

    /// <summary>Queries every one of whose filters becomes SQL.</summary>
    public static readonly string[] InSql =
    [
        "", "status=COMPLETE", "status.neq=COMPLETE", "status.in=['ERROR','COMPLETE']", "status.nin=SUBMITTED,RUNNING",
        "worker_id=w1", "worker_id.neq=w1", "worker_id.nin=[w1]", "actor_id=a1", "id=e07", "executor=Abaco Event",
        "runtime=3", "runtime.neq=3", "runtime.gt=3", "runtime.lte=2", "runtime.between=2,4", "runtime.in=1,5",
        "runtime.nin=[0,6]", "cpu.gte=20000", "io.lt=1", "io=4096.0",
        "message_received_time=2021-05-17T15:54:01.088Z", "message_received_time.gt=2021-05-17T15:54:01.088Z",
        "message_received_time.lte=2021-05-17T15:54:01.0883", "message_received_time.neq=2021-05-17T15:54:06.088",
        "message_received_time.nin=2021-05-17T15:54:01.088,2021-05-17T15:54:06.088", "message_received_time=2021-05-17T15:54:06",
        "message_received_time.between=2021-05-17T15:54:00,2021-05-17T15:54:10",
        "message_received_time.in=[\"2021-05-17T15:54:07.088Z\",\"2021-05-17T15:54:08.088Z\"]",
        "message_received_time.lt=2021-05-17",
        "status=COMPLETE&skip=2&limit=3", "limit=0", "skip=100", "skip=5&limit=4&runtime.gte=1",
        "status=' OR '1'='1", "actor_id=a3", "status=COMPLETE&runtime.gt=1&worker_id.neq=w2",
    ];

    /// <summary>Queries with something the store cannot decide exactly, left to the document filter.</summary>
    public static readonly string[] Partly =
    [
        "status=5", "status.like=^COMP", "status.lt=RUNNING", "worker_id=none", "search=ERROR", "search=a1 e03",
        "exactsearch=Abaco", "final_state.Status=dead", "status=COMPLETE&search=jdoe&skip=1&limit=2",
        "runtime.gt=2&status.like=E", "search=w1 w2 e1&limit=5", "search=w2 e2&skip=3&limit=4", "status_message=a1 was busy",
        "message_received_time=true", "runtime.gt=1&search=Event",
    ];

    [Fact(DisplayName = "Every execution query answers the same through the store (SQL, paging, streaming) as the document filter over every record")]
    public async Task Executions_answer_as_the_document_filter()
    {
        var written = await SeedAsync();
        var oracleDocs = written.Select((e, order) => (e, order))
            .Where(x => x.e.Tenant == "DEV" && x.e.ActorId is "a1" or "a2")
            .OrderBy(x => x.e.MessageReceivedTime).ThenBy(x => x.order)
            .Select(x => Doc(x.e)).ToList();

        var differences = new List<string>();
        var found = 0;
        foreach (var queryString in InSql.Concat(Partly))
        {
            var query = Parse(queryString);
            var expected = query.Apply(oracleDocs);
            if (expected.CountReturned > 0) found++;
            foreach (var batch in new[] { 3, StoreSearch.DefaultBatch })
            {
                var actual = await StoreSearch.ExecutionsAsync(Stores.Executions, query, DevA1A2, Doc, CancellationToken.None, batch);
                var want = $"{expected.TotalCount}: {string.Join(",", expected.Items.Select(d => d["id"]))}";
                var got = $"{actual.TotalCount}: {string.Join(",", actual.Items.Select(d => d["id"]))}";
                if (want != got) differences.Add($"'{queryString}' (batch {batch}): expected {want}, got {got}");
            }
        }
        Assert.Empty(differences);
        Assert.True(found >= 40, $"only {found} queries found anything: the sample no longer exercises them");
    }

    [Fact(DisplayName = "Filters on plain fields with plain values become SQL; like, nested paths, coerced values and text search do not")]
    public void What_becomes_sql()
    {
        Assert.All(InSql, q => Assert.Empty(SearchPushdown.ForExecutions(Parse(q).Filters).Left));
        Assert.All(Partly, q =>
        {
            var query = Parse(q);
            Assert.True(query.HasText || SearchPushdown.ForExecutions(query.Filters).Left.Count > 0, q);
        });
    }

    [Fact(DisplayName = "Pages follow one another by keyset: every execution once, in list order, none of other actors or tenants")]
    public async Task Keyset_pages()
    {
        await SeedAsync();
        var seen = new List<string>();
        StoreCursor? after = null;
        while (true)
        {
            var page = await Stores.Executions.FindAsync(DevA1A2, after, 0, 4);
            seen.AddRange(page.Items.Select(e => $"{e.Tenant}_{e.ActorId}/{e.Id}"));
            if (page.Items.Count < 4) break;
            after = page.Next;
        }
        Assert.Equal(27, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.All(seen, s => Assert.Matches("^DEV_a[12]/", s));
        Assert.Equal(27, await Stores.Executions.CountAsync(DevA1A2));
        Assert.Equal(0, await Stores.Executions.CountAsync(DevA1A2 with { ActorDbIds = [] }));
        Assert.Equal(0, await Stores.Executions.CountAsync(DevA1A2 with { Tenant = "OTHER" }));
    }

    [Fact(DisplayName = "Log search: unexpired logs of the given actors with their executions, filtered on the text in SQL, paged, scoped to one execution")]
    public async Task Logs()
    {
        var executions = await SeedAsync();
        foreach (var e in executions.Where(e => e.Tenant == "DEV").OrderBy(e => e.Id, StringComparer.Ordinal))
            await Stores.Logs.SetAsync(e.Id, $"DEV_{e.ActorId}", "DEV", $"log of {e.Id}\n", null);
        await Stores.Logs.SetAsync("orphan", "DEV_a1", "DEV", "no record\n", null);
        await Stores.Logs.SetAsync("e04", "DEV_a2", "DEV", "expired\n", DateTime.UtcNow.AddMinutes(-1));
        static JsonObject LogDoc(SearchableLog l) => new()
        {
            ["logs"] = l.Log.Logs,
            ["id"] = l.Log.ExecutionId,
            ["executor"] = l.Execution?.Executor ?? "",
        };

        async Task<string> Run(string q, StoreQuery where) =>
            Describe(await StoreSearch.LogsAsync(Stores.Logs, Parse(q), where, LogDoc, CancellationToken.None, batch: 3));
        static string Describe(SearchResult r) => $"{r.TotalCount}: {string.Join(",", r.Items.Select(d => d["id"]))}";

        Assert.Equal("27: e00,e01,e03", await Run("limit=3", DevA1A2));
        Assert.Equal("27: e37,e39,orphan", await Run("skip=24", DevA1A2));
        Assert.Equal("1: e07", await Run("logs=log of e07\n", DevA1A2));
        Assert.Empty(SearchPushdown.ForLogs(Parse("logs=log of e07\n").Filters).Left);
        Assert.Equal("13: e10,e12", await Run("search=e1 e3&logs.nin=[\"log of e16\\n\"]&limit=2", DevA1A2));
        Assert.Equal("1: orphan", await Run("exactsearch=NO RECORD", DevA1A2));
        Assert.Equal("1: e07", await Run("", DevA1A2 with { ExecutionId = "e07" }));
        Assert.Equal("0: ", await Run("", DevA1A2 with { ExecutionId = "e02" })); // e02 is DEV_a3's

        var joined = await Stores.Logs.FindAsync(DevA1A2 with { ExecutionId = "e10" }, null, 0, 10);
        Assert.Equal("Abaco Event", Assert.Single(joined.Items).Execution!.Executor);
        var orphan = await Stores.Logs.FindAsync(DevA1A2 with { ExecutionId = "orphan" }, null, 0, 10);
        Assert.Null(Assert.Single(orphan.Items).Execution);
    }

    [Fact(DisplayName = "Metrics are counted by the store: executions by status and waiting per actor, workers by status, actors")]
    public async Task Metrics()
    {
        await SeedAsync();
        Assert.Equal(new Dictionary<string, int> { ["SUBMITTED"] = 11, ["RUNNING"] = 11, ["COMPLETE"] = 11, ["ERROR"] = 11 },
            await Stores.Executions.CountByStatusAsync());
        Assert.Equal(new Dictionary<string, int> { ["DEV_a1"] = 4, ["DEV_a2"] = 3, ["DEV_a3"] = 3, ["OTHER_a2"] = 1 },
            await Stores.Executions.CountSubmittedByActorAsync());

        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w1", "h1"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w2", "h1") with { Status = "BUSY" });
        await Stores.Workers.UpsertAsync(Samples.Worker("OTHER", "a1", "w3", "h2"));
        Assert.Equal(new Dictionary<string, int> { ["READY"] = 2, ["BUSY"] = 1 }, await Stores.Workers.CountByStatusAsync());

        Assert.Equal(0, await Stores.Actors.CountAsync());
        foreach (var id in new[] { "a1", "a2", "a3" }) await Stores.Actors.UpsertAsync(Samples.Actor("DEV", id));
        await Stores.Actors.DeleteAsync("DEV_a2");
        Assert.Equal(2, await Stores.Actors.CountAsync());
    }

    [Fact(DisplayName = "Actors and workers are read by id, in list order, skipping ids that do not exist")]
    public async Task Read_by_id()
    {
        foreach (var id in new[] { "a1", "a2", "a3" }) await Stores.Actors.UpsertAsync(Samples.Actor("DEV", id));
        await Stores.Actors.UpsertAsync(Samples.Actor("OTHER", "a1"));
        await Stores.Actors.UpsertAsync(Samples.Actor("DEV", "a1") with { Revision = 2 }); // keeps its place

        var actors = await Stores.Actors.ListManyAsync(["DEV_a3", "gone", "DEV_a1", "OTHER_a1"]);
        Assert.Equal(["DEV_a1", "DEV_a3", "OTHER_a1"], actors.Select(a => a.DbId));
        Assert.Empty(await Stores.Actors.ListManyAsync([]));

        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a2", "w1", "h1"));
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a1", "w2", "h1") with { CreateTime = T0.AddSeconds(1) });
        await Stores.Workers.UpsertAsync(Samples.Worker("DEV", "a3", "w3", "h1"));
        var workers = await Stores.Workers.ListForActorsAsync(["DEV_a1", "DEV_a2", "gone"]);
        var all = await Stores.Workers.ListAllAsync();
        Assert.Equal(all.Where(w => w.ActorId != "a3").Select(w => w.Id), workers.Select(w => w.Id));
        Assert.Empty(await Stores.Workers.ListForActorsAsync([]));
    }
}

public sealed class SqliteSearchStoreSpecs() : SearchStoreSpecs(new SqliteStoresUnderTest());

public sealed class PostgresSearchStoreSpecs() : SearchStoreSpecs(new PostgresStoresUnderTest());

public sealed class ProductionSearchStoreSpecs() : SearchStoreSpecs(new ProductionStoresUnderTest());
