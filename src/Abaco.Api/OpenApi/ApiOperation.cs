namespace Abaco.Api.OpenApi;

/// <summary>
/// One documented operation of the HTTP API. The routes parse their bodies by hand, so ASP.NET cannot describe
/// them: each operation is written here once, next to its family, and <see cref="OpenApiDocument"/> renders them.
/// </summary>
/// <param name="Template">The route template exactly as mapped (a spec compares the two).</param>
/// <param name="Public">Answers without authentication (health, the document itself).</param>
public sealed record ApiOperation(
    string Method,
    string Template,
    string Tag,
    string Summary,
    ApiResult Result,
    ApiBody? Body = null,
    IReadOnlyList<ApiField>? Query = null,
    bool Public = false,
    string? Description = null);

/// <summary>
/// A field of a body, a result or a query string: its snake_case name, its JSON type and what it means.
/// <see cref="Type"/> is <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c>, <c>object</c>, <c>any</c>,
/// <c>string[]</c>, or the name of a shape in <see cref="ApiShapes"/> (<c>Actor</c>, <c>Worker[]</c>).
/// </summary>
public sealed record ApiField(string Name, string Type, string Description, bool Required = false);

/// <summary>
/// A named object shape (a component schema): the display documents and the request descriptions.
/// <see cref="Cased"/> false: the route answers snake_case names in either case (the operator views).
/// </summary>
public sealed record ApiShape(string Name, string Description, IReadOnlyList<ApiField> Fields, bool Cased = true);

/// <summary>
/// What a request body may be: a shape sent as JSON (and, when <see cref="Form"/>, as form fields), any JSON
/// document (<see cref="Shape"/> null), and/or raw bytes (<see cref="Binary"/>).
/// </summary>
public sealed record ApiBody(string? Shape, bool Form, bool Binary, bool Required, string Description);

/// <summary>
/// A success answer: the envelope with <see cref="Shape"/> as its result (null: <c>result</c> is null), or, when
/// <see cref="ContentType"/> is set, a document of that type outside the envelope.
/// </summary>
public sealed record ApiResult(string? Shape, string Description, string? ContentType = null)
{
    public static ApiResult Enveloped(string? shape, string description) => new(shape, description);

    public static ApiResult Raw(string contentType, string description) => new(null, description, contentType);
}
