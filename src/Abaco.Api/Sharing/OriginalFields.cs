using Abaco.Api.Http;
using Abaco.Api.Parsing;
using Abaco.Core.Settings;
using Abaco.Core.Text;

namespace Abaco.Api.Sharing;

/// <summary>
/// Request fields (JSON body, form, query; configured case — see <see cref="RequestFields"/>) with the original's
/// failure messages for the sharing resources. There, flask-restful's parser rejects a missing required field or a
/// value of the wrong type with <c>{field: help}</c>, which the resource prints after its own prefix, e.g.
/// <c>Invalid alias description. Missing required field: {'alias': 'Actual alias for the actor; must be unique
/// within a tenant.'}</c>. The field is named as the client must spell it (<c>actorId</c> in camel mode).
/// </summary>
public sealed class OriginalFields
{
    private readonly RequestFields _fields;
    private readonly string _prefix;

    private OriginalFields(RequestFields fields, string prefix)
    {
        _fields = fields;
        _prefix = prefix;
    }

    /// <param name="what">How a body that is not a JSON object is described, e.g. "alias description".</param>
    /// <param name="prefix">What precedes <c>{field: help}</c> in a refusal.</param>
    public static async Task<OriginalFields> ReadAsync(HttpRequest request, CaseStyle style, string what, string prefix) =>
        new(await RequestFields.ReadAsync(request, style, what), prefix);

    public string Name(string snake) => _fields.Name(snake);

    public bool Has(string snake) => _fields.Has(snake);

    /// <summary>A string (or a number, taken as its text). Blank counts as missing unless <paramref name="allowEmpty"/>.</summary>
    public string Required(string snake, string help, bool allowEmpty = false)
    {
        var value = Optional(snake, help);
        if (value is null || (!allowEmpty && string.IsNullOrWhiteSpace(value))) throw Invalid(snake, help);
        return allowEmpty ? value : value.Trim();
    }

    public string? Optional(string snake, string help) => Read(snake, help, _fields.String);

    /// <summary>JSON booleans, or <c>true/false/1/0</c> in any case (flask-restful's <c>inputs.boolean</c>).</summary>
    public bool RequiredBool(string snake, string help) =>
        Read(snake, help, _fields.Bool) ?? throw Invalid(snake, help);

    public int? OptionalInt(string snake, string help) => Read(snake, help, _fields.Int);

    private T Read<T>(string snake, string help, Func<string, T> read)
    {
        try
        {
            return read(snake);
        }
        catch (ApiError)
        {
            throw Invalid(snake, help);
        }
    }

    /// <summary>The refusal of a missing or ill-typed field.</summary>
    public ApiError Invalid(string snake, string help) =>
        ApiError.BadRequest($"{_prefix}{{{PythonLiteral.ReprString(Name(snake))}: {PythonLiteral.ReprString(help)}}}");
}
