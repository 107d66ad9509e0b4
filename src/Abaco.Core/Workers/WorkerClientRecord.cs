using System.Security.Cryptography;
using Abaco.Core.Ids;
using Abaco.Core.Security;

namespace Abaco.Core.Workers;

/// <summary>
/// The client of one worker (original-abaco.md §3.18, the original's OAuth client, without an API manager): the tokens the
/// worker is issued name <see cref="ClientId"/>, and the API accepts them only while this record exists, so deleting it
/// (when the worker stops) revokes them. Written by the worker when it first needs a token, deleted by its entity.
/// </summary>
public sealed record WorkerClientRecord(
    string Tenant,
    string ActorId,
    string WorkerId,
    string ClientId,
    string Owner,
    DateTime CreateTime)
{
    public string ActorDbId => ActorKey.Of(Tenant, ActorId).DbId;

    /// <summary>A client with a fresh random id: 16 bytes (128 bits), base64url, so it cannot be guessed.</summary>
    public static WorkerClientRecord New(string tenant, string actorId, string workerId, string owner, DateTime now) =>
        new(tenant, actorId, workerId, LenientBase64.EncodeUrl(RandomNumberGenerator.GetBytes(16)), owner, now);
}
