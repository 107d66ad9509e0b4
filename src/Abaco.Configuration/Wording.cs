namespace Abaco.Configuration;

/// <summary>How configuration errors list the values a key allows.</summary>
internal static class Wording
{
    /// <summary>'a' or 'b'; 'a', 'b' or 'c'.</summary>
    public static string Alternatives(IEnumerable<string> names, string conjunction = "or")
    {
        var quoted = names.Select(name => $"'{name}'").ToList();
        return quoted.Count <= 1
            ? string.Concat(quoted)
            : $"{string.Join(", ", quoted.Take(quoted.Count - 1))} {conjunction} {quoted[^1]}";
    }
}
