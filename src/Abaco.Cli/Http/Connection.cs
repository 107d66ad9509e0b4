namespace Abaco.Cli.Http;

/// <summary>How field names are written in request bodies: the node's <c>web.case</c>.</summary>
public enum FieldCase
{
    Snake,
    Camel,
}

/// <summary>
/// Where to send requests and who to say we are. At most one credential is used; with several the node takes the
/// JWT first, then the bearer token, then the nonce (original-abaco.md §1.1), so the client sends only that one.
/// </summary>
/// <param name="Tenant">With <paramref name="Jwt"/>: the suffix of its header. Without: sent as the <c>tenant</c> header.</param>
/// <param name="Jwt">The value of <c>X-Jwt-Assertion-{Tenant}</c>, as an API manager in front of Abaco would send it.</param>
/// <param name="Token">An Abaco-issued token, sent as <c>Authorization: Bearer</c>.</param>
/// <param name="Nonce">A nonce id, sent as the <c>x-nonce</c> query parameter.</param>
public sealed record Connection(Uri Url, string? Tenant, string? Jwt, string? Token, string? Nonce, FieldCase Case)
{
    public const string JwtHeaderPrefix = "X-Jwt-Assertion-";

    /// <summary>What kind of credential this connection carries, for people (never the secret itself).</summary>
    public string CredentialKind => Jwt is not null ? "jwt" : Token is not null ? "token" : Nonce is not null ? "nonce" : "none";

    /// <summary>A request field name in the node's case: <c>max_uses</c> or <c>maxUses</c>.</summary>
    public string Field(string snakeName)
    {
        if (Case == FieldCase.Snake) return snakeName;
        var parts = snakeName.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
