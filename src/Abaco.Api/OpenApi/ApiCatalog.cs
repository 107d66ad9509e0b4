namespace Abaco.Api.OpenApi;

/// <summary>Every documented operation; a spec checks it against the routes the node maps, both ways.</summary>
public static class ApiCatalog
{
    public static IReadOnlyList<ApiOperation> Operations { get; } =
        [.. ActorOperations.All, .. SharingOperations.All, .. OperatorOperations.All,
         .. DashboardOperations.All];

    public static IReadOnlyList<ApiShape> Shapes => ApiShapes.All;
}
