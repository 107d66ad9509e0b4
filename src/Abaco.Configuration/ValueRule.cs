using System.Collections.Immutable;

namespace Abaco.Configuration;

/// <summary>Turns the text of a key into a value, or says no.</summary>
internal delegate bool ValueParser<T>(string text, out T value);

/// <summary>
/// How the text of one scalar key becomes a value: a parse, then any further checks on the parsed value. Each step
/// carries the requirement an error states, so a bad value reads "<c>{key} {requirement} but was '{value}'</c>" and
/// the binder needs one generic reader instead of one method per kind of value.
/// </summary>
internal sealed class ValueRule<T>
{
    private readonly ValueParser<T> _parse;
    private readonly string _requirement;
    private readonly ImmutableList<Check> _checks;

    private ValueRule(ValueParser<T> parse, string requirement, ImmutableList<Check> checks)
    {
        _parse = parse;
        _requirement = requirement;
        _checks = checks;
    }

    /// <summary>A check on the parsed value; <paramref name="Shown"/> is what the error quotes (value, text).</summary>
    private sealed record Check(Func<T, bool> Holds, string Requirement, Func<T, string, string> Shown);

    /// <summary>What a refused value broke, and how the error quotes it.</summary>
    public readonly record struct Refusal(string Requirement, string Shown);

    public static ValueRule<T> Parsed(ValueParser<T> parse, string requirement) => new(parse, requirement, []);

    /// <summary>This rule, and then a bound whose error states the same requirement as the parse.</summary>
    public ValueRule<T> Where(Func<T, bool> holds) => Where(holds, _requirement);

    /// <summary>This rule, and then <paramref name="holds"/>; by default the error quotes the text as written.</summary>
    public ValueRule<T> Where(Func<T, bool> holds, string requirement, Func<T, string, string>? shown = null) =>
        new(_parse, _requirement, _checks.Add(new Check(holds, requirement, shown ?? ((_, text) => text))));

    /// <summary>The value of <paramref name="text"/>, or what it failed.</summary>
    public bool TryRead(string text, out T value, out Refusal refusal)
    {
        refusal = default;
        if (!_parse(text, out value))
        {
            refusal = new Refusal(_requirement, text);
            return false;
        }

        var parsed = value;
        var failed = _checks.FirstOrDefault(check => !check.Holds(parsed));
        if (failed is null)
        {
            return true;
        }

        refusal = new Refusal(failed.Requirement, failed.Shown(parsed, text));
        return false;
    }
}
