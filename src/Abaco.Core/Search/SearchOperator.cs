namespace Abaco.Core.Search;

/// <summary>
/// The operator suffixes of a search field filter (<c>field.op=value</c>, original-abaco.md §5.3). A key without a suffix
/// is <see cref="Eq"/>. The original maps the first eight straight onto Mongo's <c>$eq … $nin</c>.
/// </summary>
public enum SearchOperator
{
    Eq,
    Neq,
    Lt,
    Lte,
    Gt,
    Gte,
    In,
    Nin,

    /// <summary>Inclusive range of two numbers or two times: <c>runtime.between=20,40</c>.</summary>
    Between,

    /// <summary>Regular-expression search (Mongo <c>$regex</c>: unanchored, case-sensitive).</summary>
    Like,

    /// <summary>Negation of <see cref="Like"/> (Mongo <c>$not: {$regex}</c>), so it also matches a missing field.</summary>
    Nlike,
}
