namespace Abaco.Cli;

/// <summary>
/// The outside world of one run of <c>abaco</c>: where text and bytes go, the environment variables, standard input,
/// and whether a person is watching (a terminal) or a script (a pipe or a file).
/// </summary>
/// <param name="RawOut">Standard output as bytes, for results and binary answers (<see cref="Out"/> is flushed first).</param>
public sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Err,
    Stream RawOut,
    Func<Stream> OpenStdin,
    Func<string, string?> Variables,
    bool OutIsTerminal,
    bool ErrIsTerminal)
{
    /// <summary>The real console of this process.</summary>
    public static CliEnvironment Console() => new(
        System.Console.Out,
        System.Console.Error,
        System.Console.OpenStandardOutput(),
        System.Console.OpenStandardInput,
        Environment.GetEnvironmentVariable,
        !System.Console.IsOutputRedirected,
        !System.Console.IsErrorRedirected);

    /// <summary>An environment variable, null when unset or blank.</summary>
    public string? Variable(string name) => Variables(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
