namespace Abaco.Api.OpenApi;

/// <summary>
/// GET <c>/openapi.json</c> (the document) and GET <c>/docs</c> (Swagger UI, with its few files under <c>/docs/</c>,
/// each a literal route so that no other path under <c>/docs/</c> exists).
/// Public: they describe the API and reveal no data, like the health probes.
/// </summary>
public static class OpenApiRoutes
{
    public const string DocumentPath = "/openapi.json";
    public const string UiPath = "/docs";

    public static string AssetPath(string file) => $"{UiPath}/{file}";

    public static void MapOpenApiRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(DocumentPath, (OpenApiDocument document) =>
            Results.Content(document.Json, "application/json; charset=utf-8"));
        routes.MapGet(UiPath, () => Results.Content(SwaggerUiPage.Html, "text/html; charset=utf-8"));
        foreach (var (file, contentType) in SwaggerUiPage.Files)
            routes.MapGet(AssetPath(file), () => Results.Stream(SwaggerUiPage.Open(file), contentType));
    }
}
