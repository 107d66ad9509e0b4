using Abaco.Core.Settings;

namespace Abaco.Api.Dashboard;

/// <summary>
/// The dashboard, served by the node itself: one page (HTML, a style sheet and a plain script embedded in this
/// assembly) that reads the JSON routes of the API from the browser and polls them every few seconds.
/// <list type="bullet">
/// <item><c>/dashboard</c> and its files are public, like <c>/docs</c>: they hold no data. Under
/// <c>access_control = jwt</c> the page asks for a credential once and sends it on every request it makes.</item>
/// <item><c>/admin/dashboard</c> is the same page opening on the admin view, and admins only (the access control
/// guards <c>/admin</c>): reached directly through an API manager that adds the JWT, or with no access control.</item>
/// <item><c>/admin/dashboard/...</c> are the JSON routes the admin view needs that the API had not: cluster nodes,
/// recent errors, and any tenant's executions and logs.</item>
/// </list>
/// </summary>
public static class DashboardRoutes
{
    public const string UserPath = "/dashboard";
    public const string AdminPath = "/admin/dashboard";

    public static string AssetPath(string file) => $"{UserPath}/{file}";

    public static void MapDashboardRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(UserPath, (AbacoSettings settings) => Page(settings, DashboardView.Mine));
        routes.MapMethods(AdminPath, ["GET", "POST"], (AbacoSettings settings) => Page(settings, DashboardView.Admin));
        foreach (var (file, contentType) in DashboardFiles.Assets)
            routes.MapGet(AssetPath(file), () => Results.Text(DashboardFiles.Read(file), contentType));
        routes.MapDashboardData();
    }

    private static IResult Page(AbacoSettings settings, DashboardView view) =>
        Results.Content(DashboardFiles.Page(view, settings.Web.AccessControl), "text/html; charset=utf-8");
}
