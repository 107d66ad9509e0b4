namespace Abaco.Cluster.Tests;

/// <summary>
/// Environment variables set for the life of a scope, then restored: child processes started inside it inherit them.
/// Safe only because the specs of this project run one at a time.
/// </summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly List<(string Name, string? Previous)> _previous = [];

    public EnvironmentScope(params (string Name, string Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            _previous.Add((name, Environment.GetEnvironmentVariable(name)));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, previous) in _previous) Environment.SetEnvironmentVariable(name, previous);
    }
}
