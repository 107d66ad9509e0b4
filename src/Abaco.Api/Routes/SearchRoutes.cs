using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Core.Permissions;
using Abaco.Core.Search;
using Abaco.Core.Settings;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Abaco.Api.Routes;

/// <summary>Narrows a search run from a list endpoint to one actor (and, for logs, one execution).</summary>
public sealed record SearchScope(string ActorDbId, string? ExecutionId);

/// <summary>GET <c>/actors/search/{type}</c> (reference §1.10 #41, §5.3).</summary>
public static class SearchRoutes
{
    public static void MapSearchRoutes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/actors/search/{type}", async (string type, HttpContext http, AbacoSettings settings,
            SearchRunner search) =>
            await search.RespondAsync(http, Caller.From(http, settings), type, null));
    }
}

/// <summary>
/// Runs a search over the display documents of one store (reference §5.3). As in the original, a user sees only
/// what belongs to actors of their tenant on which they hold a permission entry (any level; admins included, and
/// ABACO_WORLD does not count).
/// </summary>
public sealed class SearchRunner(IAbacoStores stores, AbacoSettings settings, Envelope envelope)
{
    private static readonly string[] Types = ["actors", "workers", "executions", "logs"];

    /// <summary>List endpoints turn into searches when given any query parameter but <c>x-nonce</c>.</summary>
    public static bool IsSearch(HttpContext http) =>
        SearchQuery.IsSearchRequest(ExactQuery.Parse(http.Request.QueryString).Select(p => p.Key));

    public async Task<IResult> RespondAsync(HttpContext http, Caller caller, string type, SearchScope? scope)
    {
        if (!Types.Contains(type))
            throw ApiError.BadRequest($"Invalid search type '{type}'; search one of: {string.Join(", ", Types)}.");
        SearchQuery query;
        try
        {
            query = SearchQuery.Parse(ExactQuery.Parse(http.Request.QueryString), settings.Web.Case == CaseStyle.Camel);
        }
        catch (SearchQueryException e)
        {
            throw ApiError.BadRequest(e.Message);
        }

        var ct = http.RequestAborted;
        var permitted = (await stores.Permissions.ObjectsWithEntryForAsync(PermissionScope.Actor, caller.User, ct))
            .Where(id => id.StartsWith(caller.Tenant + "_", StringComparison.Ordinal))
            .Where(id => scope is null || id == scope.ActorDbId)
            .ToHashSet();
        var docs = type switch
        {
            "actors" => (await stores.Actors.ListAsync(caller.Tenant, ct))
                .Where(a => permitted.Contains(a.DbId)).Select(Views.Views.ActorSnake).ToList(),
            "workers" => (await stores.Workers.ListAllAsync(ct))
                .Where(w => permitted.Contains(w.ActorDbId)).Select(w =>
                {
                    var doc = Views.Views.WorkerSnake(w);
                    doc["actor_id"] = w.ActorId;
                    doc.Remove("tenant");
                    return doc;
                }).ToList(),
            // As the original's post-processing: no tenant or api_server in search results.
            "executions" => (await stores.Executions.ListByTenantAsync(caller.Tenant, ct))
                .Where(e => permitted.Contains(e.ActorDbId)).Select(e =>
                {
                    var doc = Views.Views.ExecutionSnake(e);
                    doc.Remove("api_server");
                    return doc;
                }).ToList(),
            _ => await LogDocsAsync(caller.Tenant, permitted, scope?.ExecutionId, ct),
        };
        return envelope.Ok(query.Apply(docs).ToResponseBody(), $"{char.ToUpperInvariant(type[0])}{type[1..]} search completed successfully.");
    }

    private async Task<List<JsonObject>> LogDocsAsync(string tenant, HashSet<string> permitted, string? executionId,
        CancellationToken ct)
    {
        var executions = (await stores.Executions.ListByTenantAsync(tenant, ct)).ToDictionary(e => e.Id);
        return (await stores.Logs.ListByTenantAsync(tenant, ct))
            .Where(l => permitted.Contains(l.ActorDbId) && (executionId is null || l.ExecutionId == executionId))
            .Select(l => executions.TryGetValue(l.ExecutionId, out var e)
                ? Views.Views.LogsSnake(e.Id, e.ApiServer, e.ActorId, e.Executor, l.Logs)
                : Views.Views.LogsSnake(l.ExecutionId, settings.Web.ApiServer, l.ActorDbId[(l.ActorDbId.LastIndexOf('_') + 1)..], "", l.Logs))
            .ToList();
    }
}
