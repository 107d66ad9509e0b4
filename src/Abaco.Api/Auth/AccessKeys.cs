using Abaco.Core.Security;
using Abaco.Core.Settings;

namespace Abaco.Api.Auth;

/// <summary>
/// The keys the access control verifies with, read once from <c>abaco.web</c>: the API manager's public key
/// (<c>apim_public_key</c>) and Abaco's token signing key (<c>token_signing_key</c>). Either may be absent (empty
/// setting): then tokens of that kind are refused. A key that is set but unreadable stops the node at start.
/// </summary>
public sealed class AccessKeys(ApimJwtVerifier? apim, AbacoTokens? tokens)
{
    public ApimJwtVerifier? Apim { get; } = apim;
    public AbacoTokens? Tokens { get; } = tokens;

    /// <exception cref="InvalidOperationException">A configured key cannot be read.</exception>
    public static AccessKeys FromSettings(WebSettings web, TimeProvider? clock = null)
    {
        if (web.AccessControl != AccessControl.Jwt) return new AccessKeys(null, null);
        try
        {
            var apim = string.IsNullOrWhiteSpace(web.ApimPublicKey) ? null : ApimJwtVerifier.FromConfiguredKey(web.ApimPublicKey);
            var tokens = string.IsNullOrWhiteSpace(web.TokenSigningKey) ? null : AbacoTokens.FromBase64Key(web.TokenSigningKey, clock);
            return new AccessKeys(apim, tokens);
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"abaco.web access control keys are invalid: {e.Message}", e);
        }
    }
}
