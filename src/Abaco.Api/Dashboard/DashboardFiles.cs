using System.Collections.Frozen;
using System.Net;
using Abaco.Core.Settings;

namespace Abaco.Api.Dashboard;

/// <summary>Which view the page opens on.</summary>
public enum DashboardView { Mine, Admin }

/// <summary>
/// The dashboard's files, embedded in this assembly from <c>Dashboard/wwwroot</c> (no CDN, no build step): the page,
/// its style sheet and its script. Read once; a missing file is a broken build, so it fails loudly.
/// </summary>
public static class DashboardFiles
{
    private const string ResourcePrefix = "Abaco.Api.Dashboard.wwwroot.";

    /// <summary>The files the page loads, each mapped as a route of its own, with its content type.</summary>
    public static FrozenDictionary<string, string> Assets { get; } = new Dictionary<string, string>
    {
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["dashboard.js"] = "text/javascript; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Texts =
        Assets.Keys.Append("index.html").ToFrozenDictionary(file => file, Load, StringComparer.Ordinal);

    public static string Read(string file) => Texts[file];

    /// <summary>
    /// The page, told which view to open and whether the node wants a credential (the script asks for one only then).
    /// Both values are ours, never a caller's, and are attribute-encoded anyway.
    /// </summary>
    public static string Page(DashboardView view, AccessControl accessControl) => Texts["index.html"]
        .Replace("{{view}}", WebUtility.HtmlEncode(view.ToString().ToLowerInvariant()), StringComparison.Ordinal)
        .Replace("{{access}}", WebUtility.HtmlEncode(accessControl.ToString().ToLowerInvariant()), StringComparison.Ordinal)
        .Replace("{{assets}}", DashboardRoutes.UserPath, StringComparison.Ordinal);

    private static string Load(string file)
    {
        using var stream = typeof(DashboardFiles).Assembly.GetManifestResourceStream(ResourcePrefix + file)
                           ?? throw new InvalidOperationException($"The dashboard's {file} is not embedded in Abaco.Api.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
