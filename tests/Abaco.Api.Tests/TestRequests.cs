using System.Text;
using Abaco.Api.Parsing;
using Abaco.Core.Actors;
using Abaco.Core.Settings;
using Microsoft.AspNetCore.Http;

namespace Abaco.Api.Tests;

/// <summary>Requests as Kestrel would hand them to a route: a body stream with its content type, and/or a query.</summary>
public static class TestRequests
{
    public static HttpRequest Json(string body, string query = "") => WithBody(body, "application/json", query);

    public static HttpRequest Form(string urlEncodedBody, string query = "") =>
        WithBody(urlEncodedBody, "application/x-www-form-urlencoded", query);

    public static HttpRequest Query(string query)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.QueryString = new QueryString(query);
        return http.Request;
    }

    public static HttpRequest WithBody(string body, string? contentType, string query = "")
    {
        var http = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(body);
        http.Request.Method = "POST";
        http.Request.ContentType = contentType;
        http.Request.Body = new MemoryStream(bytes);
        http.Request.ContentLength = bytes.Length;
        if (query.Length > 0) http.Request.QueryString = new QueryString(query);
        return http.Request;
    }

    public static AbacoSettings Settings(CaseStyle style = CaseStyle.Snake, params string[] queues) =>
        AbacoSettings.Defaults with
        {
            Web = AbacoSettings.Defaults.Web with { Case = style },
            Spawner = AbacoSettings.Defaults.Spawner with
            {
                HostQueues = queues.Length == 0 ? AbacoSettings.Defaults.Spawner.HostQueues : [.. queues],
            },
        };

    public static Task<RequestFields> FieldsAsync(HttpRequest request, CaseStyle style = CaseStyle.Snake) =>
        RequestFields.ReadAsync(request, style, "actor description");

    public static async Task<ActorDefinition> ActorAsync(HttpRequest request, AbacoSettings? settings = null)
    {
        settings ??= Settings();
        return ActorDefinitionParser.Parse(await FieldsAsync(request, settings.Web.Case), settings);
    }
}
