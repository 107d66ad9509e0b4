using System.Text.Json.Nodes;
using Abaco.Core.Search;

namespace Abaco.Core.Tests.Search;

/// <summary>Display documents as the API shapes them (snake case, times as display strings).</summary>
internal static class SearchDocs
{
    public static JsonObject Doc(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonObject Execution(string id = "ex1", string status = "COMPLETE", double runtime = 12,
        string start = "2021-05-17T15:53:57.088Z") => Doc($$"""
        {
          "id": "{{id}}", "actor_id": "AKeo3XGAGyRr", "status": "{{status}}", "runtime": {{runtime}}, "io": 40, "cpu": 1000,
          "executor": "jdoe", "exit_code": 0, "message_received_time": "2021-05-17T15:53:50.000Z",
          "start_time": "{{start}}", "finish_time": "2021-05-17T15:54:09.500Z",
          "final_state": {"ExitCode": 0, "StartedAt": "{{start}}", "FinishedAt": "2021-05-17T15:54:09.500Z", "Error": "", "OOMKilled": false},
          "_links": {"self": "https://api.example.org/actors/v2/AKeo3XGAGyRr/executions/{{id}}", "owner": "https://api.example.org/profiles/v2/jdoe"}
        }
        """);

    public static JsonObject Actor(string id, string name, string image, string? description = null) => Doc($$"""
        {
          "id": "{{id}}", "name": "{{name}}", "image": "{{image}}", "description": "{{description ?? ""}}",
          "owner": "jdoe", "status": "READY", "token": "false", "privileged": false, "gid": null,
          "hints": ["foo", "bar"], "mounts": [{"host_path": "/corral", "container_path": "/data", "mode": "ro"}],
          "default_environment": {"a": "1", "b": 2},
          "create_time": "2021-05-17T15:53:57.088Z", "last_update_time": "None",
          "_links": {"self": "https://api.example.org/actors/v2/{{id}}", "owner": "https://api.example.org/profiles/v2/jdoe"}
        }
        """);

    public static SearchQuery Query(params (string Key, string Value)[] parameters) =>
        SearchQuery.Parse(parameters.Select(p => KeyValuePair.Create(p.Key, p.Value)), camelCase: false);

    public static SearchQuery CamelQuery(params (string Key, string Value)[] parameters) =>
        SearchQuery.Parse(parameters.Select(p => KeyValuePair.Create(p.Key, p.Value)), camelCase: true);

    /// <summary>Whether <c>key=value</c> alone selects <paramref name="doc"/>.</summary>
    public static bool Selects(string key, string value, JsonObject doc) => SearchFilter.Parse(key, key, value).Matches(doc);

    public static List<string> IdsOf(SearchResult result) => result.Items.Select(d => (string)d["id"]!).ToList();
}
