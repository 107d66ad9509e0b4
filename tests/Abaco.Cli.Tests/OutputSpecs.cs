using System.Text.Json.Nodes;
using Abaco.Cli.Output;

namespace Abaco.Cli.Tests;

/// <summary>Tables for people, JSON for pipes, YAML that reads back with the same types.</summary>
public class OutputSpecs
{
    private static CliEnvironment Environment(bool terminal, string? output = null) =>
        new(TextWriter.Null, TextWriter.Null, Stream.Null, () => Stream.Null,
            name => name == "ABACO_OUTPUT" ? output : null, terminal, terminal);

    [Fact]
    public void A_terminal_gets_tables_and_a_pipe_gets_json_unless_asked_otherwise()
    {
        Assert.Equal(OutputFormat.Table, OutputFormats.Choose(null, Environment(terminal: true)));
        Assert.Equal(OutputFormat.Json, OutputFormats.Choose(null, Environment(terminal: false)));
        Assert.Equal(OutputFormat.Yaml, OutputFormats.Choose(null, Environment(terminal: false, output: "yaml")));
        Assert.Equal(OutputFormat.Json, OutputFormats.Choose("json", Environment(terminal: true, output: "yaml")));
        Assert.Throws<CliUsageException>(() => OutputFormats.Choose("xml", Environment(terminal: true)));
    }

    [Fact]
    public void A_list_is_a_table_of_the_wanted_columns_matched_in_either_case()
    {
        var actors = JsonNode.Parse("""
            [{"id": "a1", "name": "first", "image": "abaco/test-busybox", "defaultEnvironment": {"K": "V"}},
             {"id": "a22", "name": null, "image": "x", "defaultEnvironment": {}}]
            """)!;

        var text = TableText.From(actors, ["id", "image", "default_environment"]);

        Assert.Equal(
            "ID   IMAGE               DEFAULTENVIRONMENT\n" +
            "a1   abaco/test-busybox  {\"K\":\"V\"}\n" +
            "a22  x                   {}\n", text);
    }

    [Fact]
    public void An_empty_list_says_so_in_a_table_and_is_an_empty_array_in_json()
    {
        Assert.Equal("(none)\n", TableText.From(new JsonArray()));
        Assert.Equal("[]\n", new Printer(OutputFormat.Json, TextWriter.Null).Render(new JsonArray()));
    }

    [Fact]
    public void An_object_is_key_value_lines_followed_by_its_lists_as_tables()
    {
        var summary = JsonNode.Parse("""
            {"actor_id": "a1", "total_executions": 2, "executions": [{"id": "e1", "status": "COMPLETE"}, {"id": "e2", "status": "RUNNING"}]}
            """)!;

        var text = TableText.From(summary);

        Assert.Equal("actor_id          a1\ntotal_executions  2\n\nexecutions:\nID  STATUS\ne1  COMPLETE\ne2  RUNNING\n", text);
    }

    [Fact]
    public void Yaml_quotes_strings_that_would_read_back_as_numbers_or_booleans()
    {
        var yaml = YamlText.From(JsonNode.Parse("""{"exit_code": "0", "runtime": 3, "stateless": true, "note": "true"}""")!);

        Assert.Contains("exit_code: \"0\"", yaml);
        Assert.Contains("runtime: 3", yaml);
        Assert.Contains("stateless: true", yaml);
        Assert.Contains("note: \"true\"", yaml);
    }
}
