namespace Abaco.EndToEnd.Tests.Authorization;

/// <summary>
/// One cell of the matrix: a route, how it names the actor, a caller, and what the caller must get. With
/// <see cref="DoubledSlashes"/> every slash of the path is doubled, as the original's clients wrote URLs behind a
/// front that merged them: the answer must be the merged path's.
/// </summary>
public sealed record MatrixRow(MatrixRoute Route, Addressing Addressing, MatrixCaller Caller, bool DoubledSlashes = false)
{
    /// <summary>An alias nobody made.</summary>
    public const string UnknownAlias = "matrix-nobody";

    public Outcome Expected { get; } = MatrixRules.Expect(Route, Addressing, Caller);

    /// <summary>The route as the row calls it: <c>{actor}</c> becomes <c>{id}</c>, <c>{alias}</c> or <c>{unknown}</c>.</summary>
    public string Path
    {
        get
        {
            var path = Addressing switch
            {
                Addressing.ById => Route.Template.Replace("{actor}", "{id}"),
                Addressing.ByAlias => Route.Template.Replace("{actor}", "{alias}"),
                Addressing.ByUnknownAlias => Route.Template.Replace("{actor}", "{unknown}"),
                _ => Route.Template,
            };
            return DoubledSlashes ? path.Replace("/", "//") : path;
        }
    }

    /// <summary>E.g. <c>GET /actors/{id}/executions as EXECUTE sharer → allowed</c>.</summary>
    public string Name =>
        $"{Route.Method} {Path}{(Route.PrivilegedBody ? " (body sets max_workers)" : "")} as {Caller.Label} → {Expected}";

    public override string ToString() => Name;

    /// <summary>
    /// Every route, by id and by alias where it names an actor, for every caller; actor routes by an unknown alias,
    /// every route with doubled slashes, for some callers; actor descriptions with a privileged field for everyone.
    /// </summary>
    public static readonly IReadOnlyList<MatrixRow> All =
    [
        .. MatrixRoutes.All
            .SelectMany(route => route.IsActorScoped
                ? new[] { (route, Addressing.ById), (route, Addressing.ByAlias) }
                : new[] { (route, Addressing.Direct) })
            .SelectMany(x => MatrixCallers.All.Select(caller => new MatrixRow(x.route, x.Item2, caller))),
        .. MatrixRoutes.WithPrivilegedBodies
            .SelectMany(route => MatrixCallers.All.Select(caller =>
                new MatrixRow(route, route.IsActorScoped ? Addressing.ById : Addressing.Direct, caller))),
        .. MatrixRoutes.All.Where(route => route.IsActorScoped)
            .SelectMany(route => MatrixCallers.Some.Select(caller => new MatrixRow(route, Addressing.ByUnknownAlias, caller))),
        .. MatrixRoutes.All
            .SelectMany(route => MatrixCallers.Some.Select(caller =>
                new MatrixRow(route, route.IsActorScoped ? Addressing.ById : Addressing.Direct, caller, DoubledSlashes: true))),
    ];

    public static readonly IReadOnlyDictionary<string, MatrixRow> ByName = All.ToDictionary(r => r.Name);

    /// <summary>The request path for this row in <paramref name="scene"/>, with the caller's nonce if they hold one.</summary>
    public string PathIn(MatrixScene scene)
    {
        var onAliasRoute = Route.Template.StartsWith("/actors/aliases/", StringComparison.Ordinal);
        var path = Route.Template
            .Replace("{actor}", Addressing switch
            {
                Addressing.ByAlias => scene.Alias,
                Addressing.ByUnknownAlias => UnknownAlias,
                _ => scene.ActorId,
            })
            .Replace("{alias}", scene.Alias)
            .Replace("{config}", scene.Config)
            .Replace("{execution}", Route.Sub == SubObject.Missing ? MatrixScene.Missing : scene.ExecutionId)
            .Replace("{worker}", Route.Sub == SubObject.Missing ? MatrixScene.Missing : scene.WorkerId)
            .Replace("{type}", "actors");
        if (path.Contains("{nonce}"))
            path = path.Replace("{nonce}", Route.Sub == SubObject.Missing
                ? $"{MatrixCallers.Tenant}_{MatrixScene.Missing}"
                : scene.NonceOf[onAliasRoute ? "alias-nonce-read" : "actor-nonce-read"]);
        if (DoubledSlashes) path = path.Replace("/", "//");
        var query = new List<string>();
        if (Route.Template == "/actors/search/{type}") query.Add($"name={scene.Name}");
        if (Caller.HoldsNonce) query.Add($"x-nonce={scene.NonceOf[Caller.Key]}");
        return query.Count == 0 ? path : $"{path}?{string.Join('&', query)}";
    }

    /// <summary>
    /// A body the handler accepts, so that an allowed caller gets a 2xx. Nothing here changes who may do what:
    /// grants go to a bystander, new nonces are READ ones, new aliases and configs have names of their own.
    /// </summary>
    public HttpContent? BodyIn(MatrixScene scene)
    {
        var unique = $"matrix-{Guid.NewGuid():N}"[..20];
        if (Route.PrivilegedBody)
            return MatrixScene.Json(new { image = MatrixScene.Image, name = "matrix-pool", max_workers = 2 });
        return (Route.Method, Route.Template) switch
        {
            ("POST", "/actors") => MatrixScene.Json(new { image = MatrixScene.Image, name = "matrix-new" }),
            ("PUT", "/actors/{actor}") => MatrixScene.Json(new { image = MatrixScene.Image, name = scene.Name }),
            ("POST", "/actors/{actor}/state") => MatrixScene.Json(new { matrix = true }),
            ("POST", "/actors/{actor}/messages") =>
                new FormUrlEncodedContent(new Dictionary<string, string> { ["message"] = "matrix" }),
            ("POST", "/actors/{actor}/workers") => MatrixScene.Json(new { num = 1 }),
            ("POST", "/actors/{actor}/nonces" or "/actors/aliases/{alias}/nonces") =>
                MatrixScene.Json(new { level = "READ", max_uses = 1 }),
            ("POST", _) when Route.Template.EndsWith("/permissions", StringComparison.Ordinal) =>
                MatrixScene.Json(new { user = "bystander", level = "READ" }),
            ("POST", "/actors/aliases") => MatrixScene.Json(new { alias = unique, actor_id = scene.ActorId }),
            ("PUT", "/actors/aliases/{alias}") => MatrixScene.Json(new { actor_id = scene.ActorId }),
            ("POST", "/actors/configs") =>
                MatrixScene.Json(new { name = unique, value = "plain", is_secret = false, actors = scene.ActorId }),
            ("PUT", "/actors/configs/{config}") =>
                MatrixScene.Json(new { value = "plain", is_secret = false, actors = scene.ActorId }),
            ("POST", "/admin/dashboard") => new FormUrlEncodedContent(new Dictionary<string, string>()),
            _ => null,
        };
    }
}
