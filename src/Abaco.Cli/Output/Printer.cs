using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Abaco.Cli.Output;

/// <summary>Prints what Abaco answered in the chosen format.</summary>
public sealed class Printer(OutputFormat format, TextWriter output)
{
    public static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public OutputFormat Format => format;

    /// <summary>
    /// The result; a call without one (a DELETE) is told by Abaco's message instead of "null".
    /// </summary>
    /// <param name="columns">For tables of lists: the columns worth a terminal's width, in order (others are left out).</param>
    public async Task PrintAsync(JsonNode? result, string message, IReadOnlyList<string>? columns = null)
    {
        if (result is null)
        {
            await output.WriteLineAsync(message);
            return;
        }
        await output.WriteAsync(Render(result, columns));
    }

    public string Render(JsonNode result, IReadOnlyList<string>? columns = null) => format switch
    {
        OutputFormat.Json => result.ToJsonString(Indented) + "\n",
        OutputFormat.Yaml => YamlText.From(result),
        _ => TableText.From(result, columns),
    };
}
