using System.Diagnostics.CodeAnalysis;

namespace Abaco.Core.Security;

/// <summary>Why a token was refused.</summary>
public enum TokenRejection
{
    /// <summary>Not three segments, segments that are not base64, or a header/payload that is not a JSON object.</summary>
    Malformed,
    /// <summary>An algorithm this verifier does not accept (never <c>none</c>, never another key type).</summary>
    UnsupportedAlgorithm,
    BadSignature,
    Expired,
    /// <summary>A claim the caller's identity depends on is missing or of the wrong type.</summary>
    MissingClaim,
}

/// <summary>The outcome of checking a token: the principal it proves, or why it proves nothing.</summary>
public sealed record TokenVerification<TPrincipal>(TPrincipal? Principal, TokenRejection? Rejection, string Reason)
    where TPrincipal : class
{
    [MemberNotNullWhen(true, nameof(Principal))]
    [MemberNotNullWhen(false, nameof(Rejection))]
    public bool IsValid => Principal is not null;

    public static TokenVerification<TPrincipal> Valid(TPrincipal principal) => new(principal, null, "");

    public static TokenVerification<TPrincipal> Invalid(TokenRejection rejection, string reason) =>
        new(null, rejection, reason);
}
