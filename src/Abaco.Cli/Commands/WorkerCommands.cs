using System.CommandLine;
using System.Text.Json.Nodes;
using Abaco.Cli.Http;

namespace Abaco.Cli.Commands;

/// <summary><c>abaco workers list|get|add|delete</c> (original-abaco.md §1.6).</summary>
public static class WorkerCommands
{
    public static readonly string[] Columns = ["id", "status", "host_id", "last_execution_time", "last_health_check_time"];

    public static Command Workers(CommandKit kit)
    {
        var actor = ActorCommands.ActorArgument();
        var worker = new Argument<string>("WORKER") { Description = "worker id" };
        var count = new Option<int>("--num", "-n") { Description = "make sure at least this many workers exist", DefaultValueFactory = _ => 1 };
        count.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--num must be at least 1."); });
        var list = kit.Show("list", "list an actor's workers",
            c => c.Client.GetAsync(AbacoClient.Path("actors", c.Value(actor), "workers"), c.Cancel), Columns, actor);
        list.Aliases.Add("ls");
        return kit.Group("workers", "an actor's workers",
            list,
            kit.Show("get", "show one worker",
                c => c.Client.GetAsync(AbacoClient.Path("actors", c.Value(actor), "workers", c.Value(worker)), c.Cancel), null, actor, worker),
            kit.Show("add", "start workers until the actor has --num of them (admin)",
                c => c.Client.PostAsync(AbacoClient.Path("actors", c.Value(actor), "workers"), new JsonObject { ["num"] = c.Value(count) }, c.Cancel),
                null, actor, count),
            kit.Show("delete", "stop a worker once its current execution ends",
                c => c.Client.DeleteAsync(AbacoClient.Path("actors", c.Value(actor), "workers", c.Value(worker)), c.Cancel), null, actor, worker));
    }
}
