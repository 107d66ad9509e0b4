namespace Abaco.Core.Search;

/// <summary>
/// A search query parameter the engine cannot use. The message names the parameter and is meant for a 400
/// response; the original answered most of these with a 500 (original-abaco.md §5.3).
/// </summary>
public sealed class SearchQueryException : Exception
{
    public SearchQueryException(string parameter, string problem)
        : base($"Invalid search parameter '{parameter}': {problem}")
    {
        Parameter = parameter;
    }

    /// <summary>The query parameter name as the client sent it.</summary>
    public string Parameter { get; }
}
