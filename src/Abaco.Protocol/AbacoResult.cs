namespace Abaco.Protocol;

/// <summary>Append only: codes travel as numbers. <see cref="Full"/>: a limit is reached (HTTP 429).</summary>
public enum AbacoResultCode { Ok, NotFound, BadRequest, Conflict, Unavailable, Full }

/// <summary>Replies carry a code and a user-facing message, never an exception; the gateway maps codes to HTTP.</summary>
public sealed record AbacoResult(AbacoResultCode Code, string Message = "") : IAbacoProtocolMember
{
    public static readonly AbacoResult Ok = new(AbacoResultCode.Ok);
    public bool IsOk => Code == AbacoResultCode.Ok;
    public static AbacoResult NotFound(string message) => new(AbacoResultCode.NotFound, message);
    public static AbacoResult BadRequest(string message) => new(AbacoResultCode.BadRequest, message);
}
