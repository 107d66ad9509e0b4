using System.Collections.Frozen;
using System.IO.Compression;

namespace Abaco.Api.OpenApi;

/// <summary>
/// Swagger UI, served by the node itself (no CDN): the page is ours, its script, style sheet and icons are the files
/// the Swashbuckle.AspNetCore.SwaggerUI package embeds. Only the files the page uses are served.
/// </summary>
public static class SwaggerUiPage
{
    private const string ResourcePrefix = "Swashbuckle.AspNetCore.SwaggerUI.node_modules.swagger_ui_dist.";

    /// <summary>The files the page loads, each mapped as a route of its own, with its content type.</summary>
    public static FrozenDictionary<string, string> Files { get; } = new Dictionary<string, string>
    {
        ["swagger-ui.css"] = "text/css; charset=utf-8",
        ["swagger-ui-bundle.js"] = "text/javascript; charset=utf-8",
        ["favicon-32x32.png"] = "image/png",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The page: Swagger UI over the node's own document; validatorUrl null keeps it from calling out.</summary>
    public static string Html { get; } = $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Abaco API</title>
          <link rel="stylesheet" href="{{OpenApiRoutes.UiPath}}/swagger-ui.css">
          <link rel="icon" type="image/png" href="{{OpenApiRoutes.UiPath}}/favicon-32x32.png" sizes="32x32">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="{{OpenApiRoutes.UiPath}}/swagger-ui-bundle.js"></script>
          <script>
            window.ui = SwaggerUIBundle({
              url: "{{OpenApiRoutes.DocumentPath}}",
              dom_id: "#swagger-ui",
              deepLinking: true,
              validatorUrl: null,
              presets: [SwaggerUIBundle.presets.apis],
              layout: "BaseLayout"
            });
          </script>
        </body>
        </html>
        """;

    /// <summary>
    /// One of <see cref="Files"/>, decompressed: the package embeds its files gzip-compressed (a missing one is a broken
    /// package: fail loudly).
    /// </summary>
    public static Stream Open(string file)
    {
        var embedded = typeof(Swashbuckle.AspNetCore.SwaggerUI.SwaggerUIOptions).Assembly
                           .GetManifestResourceStream(ResourcePrefix + file)
                       ?? throw new InvalidOperationException($"Swagger UI's {file} is not embedded in its package.");
        var magic = new byte[2];
        embedded.ReadExactly(magic);
        embedded.Position = 0;
        return magic is [0x1f, 0x8b] ? new GZipStream(embedded, CompressionMode.Decompress) : embedded;
    }
}
