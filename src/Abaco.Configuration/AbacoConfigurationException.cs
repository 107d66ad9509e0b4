namespace Abaco.Configuration;

/// <summary>
/// The configuration cannot be used: a file is missing or unreadable, or one or more values are invalid. The
/// message names every offending key in full (<c>abaco.web.case</c>), the allowed values and where the bad value
/// came from; <see cref="Errors"/> holds the same problems one per entry. The node prints it and stops.
/// </summary>
public sealed class AbacoConfigurationException : Exception
{
    public AbacoConfigurationException(string error)
        : this([error])
    {
    }

    public AbacoConfigurationException(string error, Exception innerException)
        : base(error, innerException)
    {
        Errors = [error];
    }

    public AbacoConfigurationException(IReadOnlyList<string> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found: unknown keys first, then the others in the order of abaco.hocon.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Describe(IReadOnlyList<string> errors) => errors.Count switch
    {
        0 => "Invalid Abaco configuration.",
        1 => errors[0],
        _ => $"Invalid Abaco configuration ({errors.Count} problems):{Environment.NewLine}  "
             + string.Join(Environment.NewLine + "  ", errors),
    };
}
