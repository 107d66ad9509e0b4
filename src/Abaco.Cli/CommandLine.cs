using System.Globalization;
using System.Text.Json;

namespace Abaco.Cli;

/// <summary>What the user asked for, parsed from the command line.</summary>
public abstract record CliCommand;

public sealed record ShowHelp : CliCommand;

public sealed record ListActors : CliCommand;

public sealed record CreateActor(
    string Image,
    string? Name,
    string? Description,
    IReadOnlyDictionary<string, string> Environment) : CliCommand;

public sealed record GetActor(string ActorId) : CliCommand;

public sealed record DeleteActor(string ActorId) : CliCommand;

/// <param name="Json">True: <paramref name="Message"/> is a JSON document sent as the body; else a form field.</param>
public sealed record SendMessage(string ActorId, string Message, bool Json) : CliCommand;

public sealed record CountMessages(string ActorId) : CliCommand;

public sealed record ListExecutions(string ActorId) : CliCommand;

public sealed record GetExecution(string ActorId, string ExecutionId) : CliCommand;

public sealed record GetLogs(string ActorId, string ExecutionId) : CliCommand;

public sealed record ListWorkers(string ActorId) : CliCommand;

public sealed record WaitForExecution(string ActorId, string ExecutionId, TimeSpan Timeout, TimeSpan Interval) : CliCommand;

/// <summary>A parsed command line: the command plus where to send it.</summary>
public sealed record Invocation(CliCommand Command, Uri BaseUrl, string? Tenant);

/// <summary>The command line cannot be understood; the message says why.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>
/// Parses <c>abaco [--url URL] [--tenant T] COMMAND ARGS [OPTIONS]</c>. Options may come anywhere, as
/// <c>--name value</c> or <c>--name=value</c>; <c>--</c> ends the options (to send a message starting with a dash).
/// </summary>
public static class CommandLine
{
    public const string DefaultUrl = "http://localhost:8000";
    public static readonly TimeSpan DefaultWaitTimeout = TimeSpan.FromSeconds(300);
    public static readonly TimeSpan DefaultWaitInterval = TimeSpan.FromSeconds(1);

    public const string Usage =
        """
        usage: abaco [--url URL] [--tenant TENANT] COMMAND [ARGS]

        A command line client of the Abaco REST API.

        Commands:
          actors list                                list the actors you can see
          actors create --image IMG [--name N] [--description D] [--env K=V ...]
                                                     register an actor (--env may be repeated)
          actors get ID                              show an actor
          actors delete ID                           delete an actor
          messages send ID MESSAGE [--json]          send a message; with --json MESSAGE is a JSON document
          messages count ID                          count the messages waiting for an actor
          executions list ID                         list an actor's executions, with totals
          executions get ID EID                      show an execution
          logs ID EID                                print an execution's logs
          workers list ID                            list an actor's workers
          wait ID EID [--timeout S] [--interval S]   wait until an execution is COMPLETE or ERROR and print
                                                     that status (timeout 300 s, polled every 1 s)

        Options:
          --url URL          Abaco API base URL (env ABACO_URL; default http://localhost:8000)
          --tenant TENANT    send this 'tenant' header (env ABACO_TENANT; default: none)
          -h, --help         show this help
          --                 end of options (for a MESSAGE that starts with '-')

        Prints the 'result' of Abaco's answer as indented JSON (its message when there is no result).
        Exit codes: 0 success, 1 error answer from Abaco or execution ERROR, 2 wait timed out,
                    3 Abaco unreachable, 64 bad command line.

        """;

    /// <summary>Options that take no value.</summary>
    private static readonly HashSet<string> Flags = ["--json", "--help", "-h"];

    /// <summary>Options that take a value; the global ones are valid with every command.</summary>
    private static readonly HashSet<string> ValueOptions =
        ["--url", "--tenant", "--image", "--name", "--description", "--env", "--timeout", "--interval"];

    private static readonly HashSet<string> GlobalOptions = ["--url", "--tenant", "--help", "-h"];

    private sealed record Verb(string Name, string[] Arguments, string[] Options, Func<Parsed, CliCommand> Build);

    private sealed record Parsed(string Verb, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, List<string>> Options)
    {
        public string? Single(string option) => Options.TryGetValue(option, out var values) ? values[^1] : null;
        public bool Flag(string option) => Options.ContainsKey(option);
    }

    private static readonly Verb[] Verbs =
    [
        new("actors list", [], [], _ => new ListActors()),
        new("actors create", [], ["--image", "--name", "--description", "--env"], p => new CreateActor(
            p.Single("--image") ?? throw new CliUsageException("'actors create' needs --image IMG."),
            p.Single("--name"),
            p.Single("--description"),
            EnvironmentOf(p))),
        new("actors get", ["ID"], [], p => new GetActor(p.Arguments[0])),
        new("actors delete", ["ID"], [], p => new DeleteActor(p.Arguments[0])),
        new("messages send", ["ID", "MESSAGE"], ["--json"], p => new SendMessage(p.Arguments[0],
            p.Flag("--json") ? RequireJson(p.Arguments[1]) : p.Arguments[1], p.Flag("--json"))),
        new("messages count", ["ID"], [], p => new CountMessages(p.Arguments[0])),
        new("executions list", ["ID"], [], p => new ListExecutions(p.Arguments[0])),
        new("executions get", ["ID", "EID"], [], p => new GetExecution(p.Arguments[0], p.Arguments[1])),
        new("logs", ["ID", "EID"], [], p => new GetLogs(p.Arguments[0], p.Arguments[1])),
        new("workers list", ["ID"], [], p => new ListWorkers(p.Arguments[0])),
        new("wait", ["ID", "EID"], ["--timeout", "--interval"], p => new WaitForExecution(p.Arguments[0],
            p.Arguments[1], Seconds(p, "--timeout") ?? DefaultWaitTimeout, Seconds(p, "--interval") ?? DefaultWaitInterval)),
        new("help", [], [], _ => new ShowHelp()),
        // Room for the cluster admin console of later issues (pbm's familiar verbs, since Petabridge.Cmd is not
        // available): e.g. "cluster show", "cluster leave ADDRESS", "cluster down ADDRESS", "shards list". They
        // will talk to a node's admin endpoint rather than the REST API, behind their own client class.
    ];

    private static readonly HashSet<string> Groups =
        Verbs.Where(v => v.Name.Contains(' ')).Select(v => v.Name.Split(' ')[0]).ToHashSet();

    /// <param name="environment">Reads <c>ABACO_URL</c> and <c>ABACO_TENANT</c> (injected for tests).</param>
    public static Invocation Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var words = new List<string>();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var onlyWords = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyWords || arg is "-" || !arg.StartsWith('-'))
            {
                words.Add(arg);
                continue;
            }
            if (arg == "--")
            {
                onlyWords = true;
                continue;
            }
            var equals = arg.IndexOf('=');
            var name = equals > 0 ? arg[..equals] : arg;
            string value;
            if (Flags.Contains(name))
            {
                if (equals > 0) throw new CliUsageException($"{name} takes no value.");
                value = "";
            }
            else if (ValueOptions.Contains(name))
            {
                if (equals > 0) value = arg[(equals + 1)..];
                else if (i + 1 < args.Count) value = args[++i];
                else throw new CliUsageException($"{name} needs a value.");
            }
            else
            {
                throw new CliUsageException($"unknown option '{name}'.");
            }
            if (!options.TryGetValue(name, out var values)) options[name] = values = [];
            else if (name != "--env" && !Flags.Contains(name)) throw new CliUsageException($"{name} is given more than once.");
            values.Add(value);
        }

        if (options.ContainsKey("--help") || options.ContainsKey("-h"))
            return new Invocation(new ShowHelp(), new Uri(DefaultUrl), null);
        var baseUrl = BaseUrl(options.TryGetValue("--url", out var url) ? url[0] : environment("ABACO_URL"));
        var tenant = options.TryGetValue("--tenant", out var t) ? t[0] : environment("ABACO_TENANT");
        tenant = string.IsNullOrWhiteSpace(tenant) ? null : tenant.Trim();
        return new Invocation(Command(words, options), baseUrl, tenant);
    }

    private static CliCommand Command(List<string> words, Dictionary<string, List<string>> options)
    {
        if (words.Count == 0) throw new CliUsageException("no command given.");
        Verb? verb;
        int used;
        if (Groups.Contains(words[0]))
        {
            if (words.Count < 2)
                throw new CliUsageException($"'{words[0]}' needs a subcommand: " +
                    string.Join(", ", Verbs.Where(v => v.Name.StartsWith(words[0] + " ", StringComparison.Ordinal))
                        .Select(v => v.Name.Split(' ')[1])) + ".");
            verb = Verbs.FirstOrDefault(v => v.Name == $"{words[0]} {words[1]}");
            if (verb is null) throw new CliUsageException($"unknown command '{words[0]} {words[1]}'.");
            used = 2;
        }
        else
        {
            verb = Verbs.FirstOrDefault(v => v.Name == words[0]) ?? throw new CliUsageException($"unknown command '{words[0]}'.");
            used = 1;
        }

        var arguments = words.Skip(used).ToList();
        if (arguments.Count < verb.Arguments.Length)
            throw new CliUsageException($"'{verb.Name}' needs {string.Join(" ", verb.Arguments.Skip(arguments.Count))}.");
        if (arguments.Count > verb.Arguments.Length)
            throw new CliUsageException(
                $"too many arguments for '{verb.Name}': {string.Join(" ", arguments.Skip(verb.Arguments.Length).Select(a => $"'{a}'"))}.");
        foreach (var option in options.Keys)
            if (!GlobalOptions.Contains(option) && !verb.Options.Contains(option))
                throw new CliUsageException($"'{verb.Name}' does not take {option}.");
        foreach (var (name, value) in verb.Arguments.Zip(arguments))
            if (string.IsNullOrWhiteSpace(value) && name != "MESSAGE")
                throw new CliUsageException($"'{verb.Name}': {name} must not be empty.");

        return verb.Build(new Parsed(verb.Name, arguments, options));
    }

    private static Uri BaseUrl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) text = DefaultUrl;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new CliUsageException($"the API URL must be an http:// or https:// URL, not '{text}'.");
        return uri;
    }

    private static Dictionary<string, string> EnvironmentOf(Parsed p)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!p.Options.TryGetValue("--env", out var pairs)) return environment;
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new CliUsageException($"--env needs KEY=VALUE, not '{pair}'.");
            environment[pair[..equals]] = pair[(equals + 1)..];
        }
        return environment;
    }

    private static string RequireJson(string message)
    {
        try
        {
            using var _ = JsonDocument.Parse(message);
            return message;
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"with --json, MESSAGE must be a JSON document ({e.Message}).");
        }
    }

    private static TimeSpan? Seconds(Parsed p, string option)
    {
        var text = p.Single(option);
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
            throw new CliUsageException($"{option} needs a positive number of seconds, not '{text}'.");
        return TimeSpan.FromSeconds(seconds);
    }
}
