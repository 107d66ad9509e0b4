namespace Abaco.Admin.Host;

/// <summary>
/// A verb that cannot be done as asked (an unknown node, an actor that does not exist, a node that does not answer):
/// the command host answers it as <c>{"error": code, "message": ...}</c> with <see cref="Status"/>.
/// </summary>
public sealed class AdminError(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;

    public static AdminError BadRequest(string message) => new(400, "bad_request", message);
    public static AdminError UnknownNode(string message) => new(404, "unknown_node", message);
    public static AdminError NotFound(string message) => new(404, "not_found", message);
    public static AdminError NoAnswer(string message) => new(504, "no_answer", message);
}
