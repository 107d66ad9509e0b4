using System.CommandLine;
using System.Text.Json.Nodes;
using Abaco.Cli.Settings;

namespace Abaco.Cli.Commands;

/// <summary>
/// <c>abaco profile add|list|use|remove</c>: named connections in the profile file. <c>add</c> stores the
/// connection options given with it (<c>--url</c>, <c>--tenant</c>, <c>--jwt</c>, <c>--token</c>, <c>--nonce</c>,
/// <c>--case</c>); secrets are never printed back.
/// </summary>
public static class ProfileCommands
{
    public static Command Profile(CommandKit kit)
    {
        var name = new Argument<string>("NAME") { Description = "profile name" };
        name.CompletionSources.Add(_ => ProfileStore.For(kit.Environment).Load().Profiles.Keys);
        var use = new Option<bool>("--use") { Description = "make it the current profile" };
        return kit.Group("profile", "named connections (URL, tenant, credential) in ~/.abaco/config or $ABACO_CONFIG",
            kit.Make("add", "save the connection options given with it as a profile (replacing one of that name)",
                c => AddAsync(c, c.Value(name), c.Value(use)), name, use),
            kit.Make("list", "list the profiles (without their secrets)", ListAsync),
            kit.Make("use", "make a profile the current one", c => UseAsync(c, c.Value(name)), name),
            kit.Make("remove", "delete a profile", c => RemoveAsync(c, c.Value(name)), name));
    }

    private static async Task<int> AddAsync(Call c, string name, bool use)
    {
        var flags = c.Flags;
        var profile = new Profile(flags.Url, flags.Tenant, flags.Jwt, flags.Token, flags.Nonce, flags.Case);
        if (profile.Url is not null) ConnectionResolver.Url(profile.Url);
        if (profile.Jwt is not null && profile.Tenant is null)
            throw new CliUsageException("a profile with --jwt needs --tenant (the JWT header is X-Jwt-Assertion-<TENANT>).");
        var store = ProfileStore.For(c.Environment);
        var file = store.Load();
        var profiles = new Dictionary<string, Profile>(file.Profiles) { [name] = profile };
        var current = use || file.Current is null || !file.Profiles.ContainsKey(file.Current) ? name : file.Current;
        store.Save(new ProfileFile(current, profiles));
        await c.Out.WriteLineAsync($"profile '{name}' saved in {store.Path}{(current == name ? " (current)" : "")}");
        return ExitCodes.Ok;
    }

    private static async Task<int> ListAsync(Call c)
    {
        var file = ProfileStore.For(c.Environment).Load();
        var rows = new JsonArray();
        foreach (var (name, p) in file.Profiles.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var credential = p.Jwt is not null ? "jwt" : p.Token is not null ? "token" : p.Nonce is not null ? "nonce" : "none";
            rows.Add(new JsonObject
            {
                ["name"] = name,
                ["current"] = name == file.Current,
                ["url"] = p.Url ?? ConnectionResolver.DefaultUrl,
                ["tenant"] = p.Tenant,
                ["credential"] = credential,
            });
        }
        await c.Printer.PrintAsync(rows, "");
        return ExitCodes.Ok;
    }

    private static async Task<int> UseAsync(Call c, string name)
    {
        var store = ProfileStore.For(c.Environment);
        var file = store.Load();
        if (!file.Profiles.ContainsKey(name)) throw new CliUsageException($"no profile named '{name}' (see 'abaco profile list').");
        store.Save(file with { Current = name });
        await c.Out.WriteLineAsync($"profile '{name}' is now current");
        return ExitCodes.Ok;
    }

    private static async Task<int> RemoveAsync(Call c, string name)
    {
        var store = ProfileStore.For(c.Environment);
        var file = store.Load();
        if (!file.Profiles.ContainsKey(name)) throw new CliUsageException($"no profile named '{name}' (see 'abaco profile list').");
        var profiles = file.Profiles.Where(p => p.Key != name).ToDictionary(p => p.Key, p => p.Value);
        store.Save(new ProfileFile(file.Current == name ? null : file.Current, profiles));
        await c.Out.WriteLineAsync($"profile '{name}' removed");
        return ExitCodes.Ok;
    }
}
