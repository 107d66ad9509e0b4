using System.CommandLine;
using Abaco.Cli.Http;

namespace Abaco.Cli.Commands;

/// <summary><c>abaco search</c> and the admin views (original-abaco.md §1.10, §5.3).</summary>
public static class SearchCommands
{
    public static Command Search(CommandKit kit)
    {
        var type = new Argument<string>("TYPE") { Description = "actors, workers, executions or logs" };
        type.AcceptOnlyFromAmong("actors", "workers", "executions", "logs");
        var terms = new Argument<string[]>("TERM") { Description = "FIELD[.OP]=VALUE filters (ops: eq neq lt lte gt gte in nin between like nlike) or words", Arity = ArgumentArity.ZeroOrMore };
        var skip = new Option<int?>("--skip") { Description = "records to skip" };
        var limit = new Option<int?>("--limit") { Description = "most records (default 100)" };
        return kit.Show("search", "search actors, workers, executions or logs you can read", c =>
        {
            var query = new List<KeyValuePair<string, string>>();
            var words = new List<string>();
            foreach (var term in c.Value(terms) ?? [])
            {
                var equals = term.IndexOf('=');
                if (equals > 0) query.Add(new(term[..equals], term[(equals + 1)..]));
                else words.Add(term);
            }
            if (words.Count > 0) query.Add(new("search", string.Join(" ", words)));
            if (c.Value(skip) is { } s) query.Add(new("skip", s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            if (c.Value(limit) is { } l) query.Add(new("limit", l.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return c.Client.GetAsync(AbacoClient.Path("actors", "search", c.Value(type)), c.Cancel, query);
        }, ["id", "name", "image", "status", "actor_id", "worker_id", "start_time"], type, terms, skip, limit);
    }

    public static Command Admin(CommandKit kit) =>
        kit.Group("admin", "views over every tenant (admin role)",
            kit.Show("actors", "every actor with its workers, queue and totals",
                c => c.Client.GetAsync("/actors/admin", c.Cancel), ["id", "tenant", "owner", "image", "status", "messages", "executions"]),
            kit.Show("workers", "every worker, with a summary",
                c => c.Client.GetAsync("/actors/admin/workers", c.Cancel), ["id", "actor_id", "status", "host_id"]),
            kit.Show("executions", "execution accounting over all actors",
                c => c.Client.GetAsync("/actors/admin/executions", c.Cancel), ["actor_id", "owner", "image", "total_executions", "total_runtime"]),
            kit.Show("utilization", "actors and workers now, actors ever",
                c => c.Client.GetAsync("/actors/utilization", c.Cancel), null));
}
