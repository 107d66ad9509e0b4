using System.Globalization;
using System.Text;

namespace Abaco.EndToEnd.Tests.Metrics;

/// <summary>One sample of a scrape: a metric name, its labels and its value.</summary>
public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A scrape in the Prometheus text format (version 0.0.4), parsed as Prometheus reads it: <c># TYPE</c> lines, then
/// samples <c>name{label="value",...} value [timestamp]</c> with <c>\\</c>, <c>\"</c> and <c>\n</c> escaped in label
/// values. A line it cannot read fails the test, so a malformed exposition does not pass unnoticed.
/// </summary>
public sealed class PrometheusText
{
    private PrometheusText(IReadOnlyDictionary<string, string> types, IReadOnlyList<Sample> samples) =>
        (Types, Samples) = (types, samples);

    /// <summary>Metric family name → counter, gauge, histogram, summary or untyped.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>The samples of <paramref name="name"/> whose labels include every pair of <paramref name="labels"/>.</summary>
    public IEnumerable<Sample> Matching(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name &&
                           labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    /// <summary>The sum of the matching samples (0 when there are none: a counter not yet moved).</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) => Matching(name, labels).Sum(s => s.Value);

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                types[parts[0]] = parts[1];
            }
            else if (!line.StartsWith('#'))
            {
                samples.Add(ParseSample(line));
            }
        }
        return new PrometheusText(types, samples);
    }

    private static Sample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ') i++;
        var name = line[..i];
        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{') i = ParseLabels(line, i + 1, labels);
        var rest = line[i..].Trim().Split(' ');
        if (name.Length == 0 || rest.Length is < 1 or > 2) throw new FormatException($"Not a sample line: {line}");
        return new Sample(name, labels, ParseValue(rest[0], line));
    }

    /// <summary>Reads <c>a="x",b="y"}</c> from <paramref name="i"/>; returns the index after the closing brace.</summary>
    private static int ParseLabels(string line, int i, Dictionary<string, string> labels)
    {
        while (line[i] != '}')
        {
            var equals = line.IndexOf('=', i);
            var label = line[i..equals].Trim();
            if (line[equals + 1] != '"') throw new FormatException($"Unquoted label value: {line}");
            var value = new StringBuilder();
            i = equals + 2;
            for (; line[i] != '"'; i++)
            {
                if (line[i] != '\\') { value.Append(line[i]); continue; }
                i++;
                value.Append(line[i] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"Bad escape: {line}") });
            }
            labels.Add(label, value.ToString());
            i++;
            if (line[i] == ',') i++;
        }
        return i + 1;
    }

    private static double ParseValue(string text, string line) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"Not a sample value: {line}"),
    };
}
