namespace Abaco.Admin;

/// <summary>A command line or shell line that cannot be understood; exit code 2, with the usage.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>A verb to call: the route (with its argument) and the query parameters its options give.</summary>
internal sealed record VerbCall(Verb Verb, string Path, IReadOnlyDictionary<string, string> Query);

/// <summary>What the command line asks: the node to talk to, how to print, the token, and a verb (none = the shell).</summary>
/// <param name="Tenant">Set: the token is an API manager JWT sent as <c>X-Jwt-Assertion-{Tenant}</c>; else a Bearer token.</param>
internal sealed record Invocation(string Endpoint, bool Json, string? Token, VerbCall? Call, bool Help,
    string? Tenant = null);

/// <summary>
/// <c>abaco-admin [--json] [--token T] HOST:PORT [verb words] [ARG] [--option value] [--switch]</c>. Global options
/// may come anywhere; the token also comes from <c>ABACO_ADMIN_TOKEN</c>.
/// </summary>
internal static class AdminCommandLine
{
    public const string TokenVariable = "ABACO_ADMIN_TOKEN";
    public const string TenantVariable = "ABACO_ADMIN_TENANT";

    public static Invocation Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var json = false;
        var help = false;
        var token = environment(TokenVariable);
        var tenant = environment(TenantVariable);
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--json": json = true; break;
                case "-h" or "--help": help = true; break;
                case "--token" when i + 1 < args.Count: token = args[++i]; break;
                case "--tenant" when i + 1 < args.Count: tenant = args[++i]; break;
                case "--token" or "--tenant": throw new UsageException($"{args[i]} needs a value.");
                default: rest.Add(args[i]); break;
            }
        }
        if (rest.Count == 0)
        {
            if (help) return new Invocation("", json, token, null, Help: true);
            throw new UsageException("Name the node: abaco-admin HOST:PORT [verb ...].");
        }
        var endpoint = Endpoint(rest[0]);
        var call = rest.Count > 1 ? ParseVerb(rest.Skip(1).ToList()) : null;
        return new Invocation(endpoint, json, string.IsNullOrEmpty(token) ? null : token, call, help,
            string.IsNullOrEmpty(tenant) ? null : tenant);
    }

    /// <summary><c>HOST:PORT</c> of a command host (default port 9110 when only a host is given).</summary>
    public static string Endpoint(string text)
    {
        if (text.StartsWith('-')) throw new UsageException($"Unknown option {text}.");
        var cut = text.LastIndexOf(':');
        if (cut < 0) return $"{text}:9110";
        if (cut == 0 || !int.TryParse(text[(cut + 1)..], out var port) || port is < 1 or > 65535)
            throw new UsageException($"'{text}' is not HOST:PORT (e.g. 127.0.0.1:9110).");
        return text;
    }

    /// <summary>The verb of <paramref name="tokens"/>: its words, then its argument and options.</summary>
    public static VerbCall ParseVerb(IReadOnlyList<string> tokens)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.StartsWith("--", StringComparison.Ordinal)) positional.Add(token);
            else if (i + 1 < tokens.Count && !tokens[i + 1].StartsWith("--", StringComparison.Ordinal) && IsValued(token))
                options[token[2..]] = tokens[++i];
            else options[token[2..]] = "";
        }
        var words = Verbs.Normalize(positional);
        var verb = Verbs.Find(words) ?? throw new UsageException($"Unknown verb '{string.Join(' ', positional)}'.");
        var arguments = words.Skip(verb.WordList.Length).ToList();
        if (verb.Argument is null && arguments.Count > 0)
            throw new UsageException($"'{verb.Words}' takes no argument (got '{string.Join(' ', arguments)}').");
        if (verb.Argument is not null && arguments.Count != 1)
            throw new UsageException($"Usage: {verb.Usage}");
        var query = new Dictionary<string, string>();
        foreach (var (name, value) in options)
        {
            if (verb.SwitchNames.Contains(name) && value.Length == 0) query[Camel(name)] = "true";
            else if (verb.OptionNames.Contains(name) && value.Length > 0) query[name] = value;
            else throw new UsageException($"'{verb.Words}' has no option --{name}{(value.Length > 0 ? " " + value : "")}. Usage: {verb.Usage}");
        }
        var path = verb.Route;
        if (verb.Argument is not null)
        {
            if (path.Contains("{arg}", StringComparison.Ordinal)) path = path.Replace("{arg}", Uri.EscapeDataString(arguments[0]));
            else query[verb.Argument] = arguments[0];
        }
        return new VerbCall(verb, path, query);
    }

    private static bool IsValued(string option) =>
        Verbs.All.Any(v => v.OptionNames.Contains(option[2..])) && !Verbs.All.Any(v => v.SwitchNames.Contains(option[2..]));

    /// <summary><c>dry-run</c> → <c>dryRun</c>, as the command host names its parameters.</summary>
    private static string Camel(string name) =>
        string.Concat(name.Split('-').Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>Splits a shell line into words; double or single quotes keep spaces.</summary>
    public static List<string> Split(string line)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        char? quote = null;
        var any = false;
        foreach (var c in line)
        {
            if (quote is not null)
            {
                if (c == quote) quote = null;
                else current.Append(c);
            }
            else if (c is '"' or '\'') (quote, any) = (c, true);
            else if (char.IsWhiteSpace(c))
            {
                if (any || current.Length > 0) words.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else current.Append(c);
        }
        if (quote is not null) throw new UsageException("Unclosed quote.");
        if (any || current.Length > 0) words.Add(current.ToString());
        return words;
    }

    public static string Usage => string.Join('\n',
        "Usage: abaco-admin [--json] [--token TOKEN [--tenant TENANT]] HOST:PORT [VERB ...]",
        "  With a verb, runs it and exits (0 ok, 1 the verb failed, 2 usage error, 3 cannot reach HOST:PORT).",
        "  Without one, opens a shell (Tab completes, Up/Down recall history; 'help', 'exit').",
        $"  --json prints the command host's JSON. Under access_control = jwt, --token (or {TokenVariable}) carries the",
        $"  admin role: an Abaco token sent as Bearer, or with --tenant (or {TenantVariable}) an API manager JWT sent",
        "  as X-Jwt-Assertion-TENANT.",
        "Verbs:",
        string.Join('\n', Verbs.All.Select(v => $"  {v.Usage,-52} {v.Help}")),
        "");
}
