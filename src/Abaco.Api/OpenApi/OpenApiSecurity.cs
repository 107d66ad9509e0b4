using System.Text.Json.Nodes;
using Abaco.Api.Auth;
using Abaco.Core.Settings;

namespace Abaco.Api.OpenApi;

/// <summary>
/// How callers authenticate with <c>access_control = jwt</c>: the API manager's JWT in
/// <c>X-Jwt-Assertion-&lt;TENANT&gt;</c>, an Abaco-issued bearer token, or a nonce in the <c>x-nonce</c> query
/// parameter (when <c>web.accept_nonce</c>). Without access control nothing is required.
/// </summary>
public static class OpenApiSecurity
{
    public static JsonObject Schemes(AbacoSettings settings)
    {
        var header = CallerAuthenticator.JwtHeaderPrefix + settings.Web.TenantName.ToUpperInvariant();
        return new JsonObject
        {
            ["jwt"] = new JsonObject
            {
                ["type"] = "apiKey",
                ["in"] = "header",
                ["name"] = header,
                ["description"] = "The API manager's JWT. The header names the tenant: X-Jwt-Assertion-<TENANT> " +
                                  $"(this node's default tenant: {header}).",
            },
            ["bearer"] = new JsonObject
            {
                ["type"] = "http",
                ["scheme"] = "bearer",
                ["description"] = "An Abaco-issued token (Authorization: Bearer ...); its claims name the tenant.",
            },
            ["nonce"] = new JsonObject
            {
                ["type"] = "apiKey",
                ["in"] = "query",
                ["name"] = "x-nonce",
                ["description"] = "A nonce of the actor or alias addressed (accepted when web.accept_nonce is on).",
            },
        };
    }

    /// <summary>Any one of the schemes; none at all when the node runs without access control.</summary>
    public static JsonArray Requirements(AbacoSettings settings)
    {
        if (settings.Web.AccessControl != AccessControl.Jwt) return [];
        var any = new JsonArray
        {
            new JsonObject { ["jwt"] = new JsonArray() },
            new JsonObject { ["bearer"] = new JsonArray() },
        };
        if (settings.Web.AcceptNonce) any.Add(new JsonObject { ["nonce"] = new JsonArray() });
        return any;
    }
}
