using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Abaco.Tests.Support;

/// <summary>
/// Structural equality for records that hold <c>ImmutableArray</c>, immutable collections and <c>JsonElement</c>, which
/// compare by reference: walks public instance properties, collections item by item, JSON with
/// <see cref="JsonElement.DeepEquals"/>, and DateTimes by value and kind. Reports the first difference with its path.
/// </summary>
internal static class DeepAssert
{
    public static void Equal(object? expected, object? actual) => Compare(expected, actual, "$");

    private static void Compare(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null) Fail(path, expected, actual);
            return;
        }

        var type = expected.GetType();
        if (type != actual.GetType())
        {
            Assert.Fail($"{path}: expected a {type.Name}, got a {actual.GetType().Name}");
        }

        switch (expected)
        {
            case JsonElement json:
                if (!JsonElement.DeepEquals(json, (JsonElement)actual))
                    Assert.Fail($"{path}: expected JSON {json.GetRawText()}, got {((JsonElement)actual).GetRawText()}");
                return;
            case DateTime time:
                var other = (DateTime)actual;
                if (time != other || time.Kind != other.Kind) Fail(path, $"{time:O} ({time.Kind})", $"{other:O} ({other.Kind})");
                return;
            case string or decimal or DateTimeOffset or TimeSpan or Guid:
            case var _ when type.IsPrimitive || type.IsEnum:
                if (!expected.Equals(actual)) Fail(path, expected, actual);
                return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Collections.Immutable.ImmutableArray<>))
        {
            var isDefault = type.GetProperty("IsDefault")!;
            var (expectedDefault, actualDefault) = ((bool)isDefault.GetValue(expected)!, (bool)isDefault.GetValue(actual)!);
            if (expectedDefault || actualDefault)
            {
                if (expectedDefault != actualDefault) Fail(path, expectedDefault ? "default" : "[...]", actualDefault ? "default" : "[...]");
                return;
            }
        }

        switch (expected)
        {
            case IDictionary dictionary:
                var actualDictionary = (IDictionary)actual;
                if (dictionary.Count != actualDictionary.Count)
                    Assert.Fail($"{path}: expected {dictionary.Count} entries, got {actualDictionary.Count}");
                foreach (DictionaryEntry entry in dictionary)
                {
                    if (!actualDictionary.Contains(entry.Key)) Assert.Fail($"{path}: key '{entry.Key}' is missing");
                    Compare(entry.Value, actualDictionary[entry.Key], $"{path}[{entry.Key}]");
                }
                return;
            case IEnumerable sequence:
                var expectedItems = sequence.Cast<object?>().ToList();
                var actualItems = ((IEnumerable)actual).Cast<object?>().ToList();
                if (expectedItems.Count != actualItems.Count)
                    Assert.Fail($"{path}: expected {expectedItems.Count} items, got {actualItems.Count}");
                for (var i = 0; i < expectedItems.Count; i++) Compare(expectedItems[i], actualItems[i], $"{path}[{i}]");
                return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0) continue;
            Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
        }
    }

    private static void Fail(string path, object? expected, object? actual) =>
        Assert.Fail($"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
}
