using Abaco.Api.Gateway;
using Abaco.Api.Http;
using Abaco.Api.Auth;
using Abaco.Api.Dashboard;
using Abaco.Api.OpenApi;
using Abaco.Api.Routes;
using Abaco.Api.Sharing;
using Abaco.Api.Views;

namespace Abaco.Api;

public static class AbacoApiHosting
{
    public const string NotAnEndpoint = "Invalid request: the requested URL is not an Abaco endpoint.";
    public const string NoSuchEndpoint =
        "Invalid request: the API endpoint does not exist or the provided HTTP method is not allowed.";
    public const string InvalidMethod = "Invalid HTTP method on requested resource.";

    public static IServiceCollection AddAbacoApi(this IServiceCollection services)
    {
        // The health check service /healthz/ready runs; the node's checks are registered by the runtime's hosting.
        services.AddHealthChecks();
        return services
            .AddSingleton<Envelope>()
            .AddSingleton<ViewCase>()
            .AddSingleton<ActorViews>()
            .AddSingleton<ExecutionViews>()
            .AddSingleton<WorkerViews>()
            .AddSingleton<MessageViews>()
            .AddSingleton<AskDeadlines>()
            .AddSingleton<ActorsGateway>()
            .AddSingleton<SynchronousExecutions>()
            .AddSingleton<SearchRunner>()
            .AddSingleton<ActorLookup>()
            .AddSingleton<OpenApiDocument>()
            .AddSingleton<ClusterNodes>()
            .AddAbacoAccessControl()
            .AddSharingRoutes();
    }

    /// <summary>
    /// The routes behind CORS, the error envelope, the canonical path and access control, and JSON answers for
    /// every route that does not exist. Routing runs after the path is made canonical, so the router and the access
    /// control see the same path, and the access control checks the endpoint the router chose.
    /// </summary>
    public static WebApplication UseAbacoApi(this WebApplication app)
    {
        app.UseMiddleware<CorsMiddleware>();
        app.UseMiddleware<ErrorEnvelopeMiddleware>();
        app.UseMiddleware<CanonicalPathMiddleware>();
        app.UseRouting();
        app.UseAbacoHttpMetrics();
        app.UseAbacoAccessControl();
        app.UseStatusCodePages(async context =>
        {
            // A known path with an unknown method (the router answers 405 with no body).
            var envelope = context.HttpContext.RequestServices.GetRequiredService<Envelope>();
            var status = context.HttpContext.Response.StatusCode;
            var message = status == StatusCodes.Status405MethodNotAllowed ? InvalidMethod : NotAnEndpoint;
            context.HttpContext.Response.ContentType = "application/json; charset=utf-8";
            await context.HttpContext.Response.WriteAsync(envelope.ErrorBody(message));
        });
        app.MapAbacoRoutes();
        // Build the endpoints now: a route without a family stops the node at start, not at its first request.
        _ = ((IEndpointRouteBuilder)app).DataSources.Sum(d => d.Endpoints.Count);
        return app;
    }

    /// <summary>
    /// A node without the api role serves only <c>/healthz/live</c> and <c>/healthz/ready</c> (for orchestrators and
    /// load balancers) and <c>/metrics</c> (what its entities and workers do); every other path is 404 in the usual
    /// envelope.
    /// </summary>
    public static WebApplication UseAbacoHealthOnly(this WebApplication app)
    {
        app.MapHealthRoutes();
        app.MapMetricsRoute();
        app.MapFallback((Envelope envelope) => envelope.Error(StatusCodes.Status404NotFound, NotAnEndpoint));
        return app;
    }

    /// <summary>
    /// Every Abaco route, each tagged with its <see cref="RouteTag"/> (route family), and the fallback.
    /// </summary>
    public static void MapAbacoRoutes(this IEndpointRouteBuilder app)
    {
        var routes = app.MapGroup("");
        ((IEndpointConventionBuilder)routes).Add(RouteTag.Apply);
        routes.MapActorRoutes();
        routes.MapMessageRoutes();
        routes.MapExecutionRoutes();
        routes.MapWorkerRoutes();
        routes.MapAdminRoutes();
        routes.MapSharingRoutes();
        routes.MapOperatorRoutes();
        routes.MapSearchRoutes();
        routes.MapHealthRoutes();
        routes.MapOpenApiRoutes();
        routes.MapDashboardRoutes();

        // The fallback catches every method, so the router never answers 405 itself: tell a known path with another
        // method apart from an unknown path here.
        app.MapFallback((HttpContext http, Envelope envelope, EndpointDataSource endpoints) =>
            KnownRoutes.Matches(endpoints, http.Request.Path)
                ? envelope.Error(StatusCodes.Status405MethodNotAllowed, InvalidMethod)
                : http.Request.Path.StartsWithSegments("/actors")
                    ? envelope.Error(StatusCodes.Status405MethodNotAllowed, NoSuchEndpoint)
                    : envelope.Error(StatusCodes.Status404NotFound, NotAnEndpoint));
    }
}
