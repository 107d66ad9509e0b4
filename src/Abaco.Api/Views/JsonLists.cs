using System.Text.Json.Nodes;

namespace Abaco.Api.Views;

/// <summary>A JSON array of the display documents of some items.</summary>
public static class JsonLists
{
    public static JsonArray Of<T>(IEnumerable<T> items, Func<T, JsonNode?> display) => new(items.Select(display).ToArray());
}
