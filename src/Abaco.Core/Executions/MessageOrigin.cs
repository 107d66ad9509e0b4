namespace Abaco.Core.Executions;

/// <summary>
/// Who sent a message, as its container sees it (<c>_abaco_username</c>, <c>_abaco_api_server</c> and, when the
/// JWT came in a named header, <c>_abaco_jwt_header_name</c>). Whoever queues the message says so here, and
/// <see cref="ContainerEnvironment.Compose"/> makes the variables; a cron message has no origin.
/// </summary>
public sealed record MessageOrigin(string Username, string ApiServer, string? JwtHeaderName = null);
