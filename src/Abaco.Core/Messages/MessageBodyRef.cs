namespace Abaco.Core.Messages;

/// <summary>
/// Where a binary message's bytes are: a body in the message-body store, by id, with its length and SHA-256 (hex)
/// as written. The message itself (journal, snapshots, remoting) carries only this, never the bytes.
/// </summary>
public sealed record MessageBodyRef(string Id, long Length, string Sha256);
