using System.CommandLine;
using System.Text.Json.Nodes;
using Abaco.Cli.Http;

namespace Abaco.Cli.Commands;

/// <summary>
/// What lets others use an actor: <c>permissions</c>, <c>nonces</c> and <c>aliases</c> (original-abaco.md §1.5,
/// §1.7, §1.8).
/// </summary>
public static class SharingCommands
{
    public static readonly string[] NonceColumns = ["id", "level", "max_uses", "remaining_uses", "owner", "description"];
    private static readonly string[] Levels = ["NONE", "READ", "EXECUTE", "UPDATE"];

    public static Command Permissions(CommandKit kit)
    {
        var target = new Argument<string>("TARGET") { Description = "actor id or alias (or alias / config name with --alias / --config)" };
        var user = new Argument<string>("USER") { Description = "user name" };
        var level = new Argument<string>("LEVEL") { Description = "NONE, READ, EXECUTE or UPDATE" };
        level.AcceptOnlyFromAmong(Levels);
        var alias = new Option<bool>("--alias") { Description = "TARGET is an alias's own permissions" };
        var config = new Option<bool>("--config") { Description = "TARGET is a config" };
        string Path(Call c)
        {
            if (c.Value(alias) && c.Value(config)) throw new CliUsageException("give --alias or --config, not both.");
            var kind = c.Value(alias) ? "aliases" : c.Value(config) ? "configs" : null;
            return kind is null
                ? AbacoClient.Path("actors", c.Value(target), "permissions")
                : AbacoClient.Path("actors", kind, c.Value(target), "permissions");
        }
        Task<AbacoReply> Grant(Call c, string to) =>
            c.Client.PostAsync(Path(c), new JsonObject { ["user"] = c.Value(user), ["level"] = to }, c.Cancel);
        return kit.Group("permissions", "who may read, execute or update an actor, alias or config",
            kit.Show("list", "the permission map (user: level)", c => c.Client.GetAsync(Path(c), c.Cancel), null, target, alias, config),
            kit.Show("grant", "set a user's level", c => Grant(c, c.Value(level)), null, target, user, level, alias, config),
            kit.Show("revoke", "take a user's access away (level NONE)", c => Grant(c, "NONE"), null, target, user, alias, config));
    }

    public static Command Nonces(CommandKit kit)
    {
        var target = new Argument<string>("ACTOR") { Description = "actor id or alias (the alias's own nonces with --alias)" };
        var nonce = new Argument<string>("NONCE") { Description = "nonce id" };
        var alias = new Option<bool>("--alias") { Description = "ACTOR is an alias: its own nonces" };
        var level = new Option<string>("--level") { Description = "what the nonce allows", DefaultValueFactory = _ => "EXECUTE" };
        level.AcceptOnlyFromAmong(Levels);
        var maxUses = new Option<int>("--max-uses") { Description = "how many times it may be used (-1 = unlimited)", DefaultValueFactory = _ => -1 };
        var description = new Option<string?>("--description", "-d") { Description = "free text" };
        string Path(Call c, params string[] rest) => c.Value(alias)
            ? AbacoClient.Path(["actors", "aliases", c.Value(target), "nonces", .. rest])
            : AbacoClient.Path(["actors", c.Value(target), "nonces", .. rest]);
        Task<AbacoReply> Create(Call c)
        {
            var body = new JsonObject { ["level"] = c.Value(level), [c.Field("max_uses")] = c.Value(maxUses) };
            if (c.Value(description) is { } text) body["description"] = text;
            return c.Client.PostAsync(Path(c), body, c.Cancel);
        }
        return kit.Group("nonces", "shareable secrets that stand for you on one actor or alias",
            kit.Show("list", "list the nonces", c => c.Client.GetAsync(Path(c), c.Cancel), NonceColumns, target, alias),
            kit.Show("create", "make a nonce (pass its id to others as ABACO_NONCE / --nonce)", Create, null,
                target, alias, level, maxUses, description),
            kit.Show("get", "show one nonce", c => c.Client.GetAsync(Path(c, c.Value(nonce)), c.Cancel), null, target, nonce, alias),
            kit.Show("delete", "delete a nonce", c => c.Client.DeleteAsync(Path(c, c.Value(nonce)), c.Cancel), null, target, nonce, alias));
    }

    public static Command Aliases(CommandKit kit)
    {
        var alias = new Argument<string>("ALIAS") { Description = "the alias" };
        var actor = new Argument<string>("ACTOR") { Description = "actor id" };
        string Path(Call c) => AbacoClient.Path("actors", "aliases", c.Value(alias));
        return kit.Group("aliases", "names usable wherever an actor id is",
            kit.Show("list", "the tenant's aliases", c => c.Client.GetAsync("/actors/aliases", c.Cancel), ["alias", "actor_id", "owner"]),
            kit.Show("get", "show one alias", c => c.Client.GetAsync(Path(c), c.Cancel), null, alias),
            kit.Show("create", "name an actor",
                c => c.Client.PostAsync("/actors/aliases",
                    new JsonObject { ["alias"] = c.Value(alias), [c.Field("actor_id")] = c.Value(actor) }, c.Cancel), null, alias, actor),
            kit.Show("update", "point the alias at another actor",
                c => c.Client.PutAsync(Path(c), new JsonObject { [c.Field("actor_id")] = c.Value(actor) }, c.Cancel), null, alias, actor),
            kit.Show("delete", "delete the alias (and its nonces)", c => c.Client.DeleteAsync(Path(c), c.Cancel), null, alias));
    }
}
