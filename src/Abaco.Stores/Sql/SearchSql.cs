using System.Globalization;

namespace Abaco.Stores;

/// <summary>
/// Turns <see cref="StoreCondition"/>s into a parameterised SQL predicate. Column expressions come from the backend
/// for the closed set of <see cref="StoreField"/>s; every value travels as a parameter (<c>@s0</c>, <c>@s1</c>, …),
/// so nothing a client sends is ever part of the SQL text.
/// </summary>
internal sealed class SearchSql(Func<StoreField, string> column, Func<DateTime, object> time)
{
    private readonly List<(string Name, object? Value)> _parameters = [];
    private readonly List<string> _clauses = [];

    public IReadOnlyList<(string Name, object? Value)> Parameters => _parameters;

    /// <summary>The clauses joined with AND (the stores always add at least the tenant's).</summary>
    public string Where => string.Join(" AND ", _clauses);

    public (string Name, object? Value)[] With(params (string Name, object? Value)[] more) => [.. _parameters, .. more];

    /// <summary>Adds a clause written by the store itself (with parameters it names).</summary>
    public SearchSql Raw(string clause, params (string Name, object? Value)[] parameters)
    {
        _clauses.Add(clause);
        _parameters.AddRange(parameters);
        return this;
    }

    public SearchSql Conditions(IEnumerable<StoreCondition> conditions)
    {
        foreach (var condition in conditions) _clauses.Add(Clause(condition));
        return this;
    }

    private string Clause(StoreCondition c)
    {
        if (c.Values.Count == 0 || c.Comparison == StoreComparison.Between && c.Values.Count != 2)
            throw new ArgumentException($"{c.Comparison} on {c.Field} with {c.Values.Count} values.", nameof(c));
        var col = column(c.Field);
        return c.Comparison switch
        {
            StoreComparison.Eq => $"{col} = {Add(c.Values[0])}",
            StoreComparison.Neq => $"({col} IS NULL OR {col} <> {Add(c.Values[0])})",
            StoreComparison.Lt => $"{col} < {Add(c.Values[0])}",
            StoreComparison.Lte => $"{col} <= {Add(c.Values[0])}",
            StoreComparison.Gt => $"{col} > {Add(c.Values[0])}",
            StoreComparison.Gte => $"{col} >= {Add(c.Values[0])}",
            StoreComparison.Between => $"({col} >= {Add(c.Values[0])} AND {col} <= {Add(c.Values[1])})",
            StoreComparison.In => $"{col} IN ({string.Join(", ", c.Values.Select(Add))})",
            StoreComparison.Nin => $"({col} IS NULL OR {col} NOT IN ({string.Join(", ", c.Values.Select(Add))}))",
            _ => throw new ArgumentOutOfRangeException(nameof(c), c.Comparison, null),
        };
    }

    private string Add(object value)
    {
        var name = "@s" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add((name, value is DateTime t ? time(t) : value));
        return name;
    }
}
