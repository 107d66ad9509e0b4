namespace Abaco.EndToEnd.Tests;

/// <summary>
/// The behavioural execution specs run in both modes (docs/warm-execution.md): <c>cold</c>, a fresh container per
/// message, and <c>warm</c>, the actor's hint that keeps its worker's container and runs each message as a process in
/// it. A spec is a theory over <see cref="Cold"/> and <see cref="Warm"/> and gives its actor <see cref="Hints"/>.
/// </summary>
public static class ExecutionModes
{
    public const string Cold = "cold";
    public const string Warm = "warm";

    /// <summary>The actor's <c>hints</c> for the mode.</summary>
    public static string[] Hints(string mode) => mode == Warm ? ["warm"] : [];
}
