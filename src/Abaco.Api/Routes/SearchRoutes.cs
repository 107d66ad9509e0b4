using System.Text.Json.Nodes;
using Abaco.Api.Http;
using Abaco.Core.Actors;
using Abaco.Core.Executions;
using Abaco.Core.Ids;
using Abaco.Core.Permissions;
using Abaco.Core.Search;
using Abaco.Core.Settings;
using Abaco.Core.Workers;
using Abaco.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Abaco.Api.Routes;

/// <summary>Narrows a search run from a list endpoint to one actor (and, for logs, one execution).</summary>
public sealed record SearchScope(string ActorDbId, string? ExecutionId);

/// <summary>GET <c>/actors/search/{type}</c>.</summary>
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
/// Runs a search over the display documents of one collection. As in the original, a user sees only what belongs to
/// actors of their tenant on which they hold a permission entry (admins included; an <c>ABACO_WORLD</c> share alone
/// does not list an actor), and only where that entry lets them READ by the same rule as every other route (NONE
/// grants nothing).
/// <para>
/// Nothing is read beyond the caller's actors: actors and workers are read by id (a user's own handful, through the
/// permission index, which on the Redis profile avoids scanning the tenant); executions and logs are selected and,
/// where possible, filtered, counted and paged in SQL (<see cref="StoreSearch"/>).
/// </para>
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
        try
        {
            var query = SearchQuery.Parse(ExactQuery.Parse(http.Request.QueryString), settings.Web.Case == CaseStyle.Camel);
            var ct = http.RequestAborted;
            var readable = await ReadableActorsAsync(caller, scope, ct);
            var result = type switch
            {
                "actors" => query.Apply((await stores.Actors.ListManyAsync(readable, ct))
                    .Where(a => a.Tenant == caller.Tenant).Select(ActorDoc)),
                "workers" => query.Apply((await stores.Workers.ListForActorsAsync(readable, ct))
                    .Where(w => w.Tenant == caller.Tenant).Select(WorkerDoc)),
                "executions" => await StoreSearch.ExecutionsAsync(stores.Executions, query,
                    new StoreQuery(caller.Tenant, readable, null, []), ExecutionDoc, ct),
                _ => await StoreSearch.LogsAsync(stores.Logs, query,
                    new StoreQuery(caller.Tenant, readable, scope?.ExecutionId, []), LogDoc, ct),
            };
            return envelope.Ok(result.ToResponseBody(), $"{char.ToUpperInvariant(type[0])}{type[1..]} search completed successfully.");
        }
        catch (SearchQueryException e)
        {
            throw ApiError.BadRequest(e.Message);
        }
    }

    /// <summary>The caller's actors (db ids) in their tenant that they may READ, narrowed to the scope.</summary>
    private async Task<IReadOnlyList<string>> ReadableActorsAsync(Caller caller, SearchScope? scope, CancellationToken ct)
    {
        var readable = new List<string>();
        foreach (var id in await stores.Permissions.ObjectsWithEntryForAsync(PermissionScope.Actor, caller.User, ct))
        {
            if (!id.StartsWith(caller.Tenant + "_", StringComparison.Ordinal) || scope is not null && id != scope.ActorDbId)
                continue;
            var entries = await stores.Permissions.GetAsync(PermissionScope.Actor, id, ct);
            if (entries is not null && PermissionRules.Allows(entries, caller.User, PermissionLevel.Read)) readable.Add(id);
        }
        return readable;
    }

    /// <summary>
    /// The actor as the original's search returned its stored document: <c>token</c> is the string
    /// <c>"true"</c>/<c>"false"</c> there (clients compare it so), while GET of one actor shows the boolean.
    /// </summary>
    public static JsonObject ActorDoc(ActorRecord actor)
    {
        var doc = Views.Views.ActorSnake(actor);
        doc["token"] = actor.Definition.Token ? "true" : "false";
        return doc;
    }

    private static JsonObject WorkerDoc(WorkerRecord w)
    {
        var doc = Views.Views.WorkerSnake(w);
        doc["actor_id"] = w.ActorId;
        doc.Remove("tenant");
        return doc;
    }

    // As the original's post-processing: no tenant or api_server in search results.
    private static JsonObject ExecutionDoc(ExecutionRecord e)
    {
        var doc = Views.Views.ExecutionSnake(e);
        doc.Remove("api_server");
        return doc;
    }

    private JsonObject LogDoc(SearchableLog found) => found.Execution is { } e
        ? Views.Views.LogsSnake(e.Id, e.ApiServer, e.ActorId, e.Executor, found.Log.Logs)
        : Views.Views.LogsSnake(found.Log.ExecutionId, settings.Web.ApiServer,
            ActorKey.Parse(found.Log.ActorDbId).Id.Value, "", found.Log.Logs);
}
