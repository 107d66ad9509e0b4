namespace Abaco.Cli;

/// <summary>The command line (or a profile or file it names) cannot be understood; the message says why.</summary>
public sealed class CliUsageException(string message) : Exception(message);
