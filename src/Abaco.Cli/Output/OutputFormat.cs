namespace Abaco.Cli.Output;

public enum OutputFormat
{
    Table,
    Json,
    Yaml,
}

public static class OutputFormats
{
    /// <summary>
    /// <c>--output</c>, else <c>ABACO_OUTPUT</c>, else tables for a person at a terminal and JSON for a pipe, so
    /// <c>abaco actors list | jq</c> works without a flag.
    /// </summary>
    public static OutputFormat Choose(string? flag, CliEnvironment environment)
    {
        var text = string.IsNullOrWhiteSpace(flag) ? environment.Variable("ABACO_OUTPUT") : flag.Trim();
        if (text is null) return environment.OutIsTerminal ? OutputFormat.Table : OutputFormat.Json;
        return text.ToLowerInvariant() switch
        {
            "table" => OutputFormat.Table,
            "json" => OutputFormat.Json,
            "yaml" => OutputFormat.Yaml,
            _ => throw new CliUsageException($"the output format must be table, json or yaml, not '{text}'."),
        };
    }
}
