using System.Collections.Immutable;
using System.Text.Json;
using Abaco.Core.Ids;

namespace Abaco.Core.Actors;

/// <summary>
/// An actor as stored and displayed: the user's <see cref="Definition"/> plus what Abaco derives (owner,
/// status, revision, times...). Written only by the actor's entity.
/// </summary>
public sealed record ActorRecord(
    string Tenant,
    string Id,
    string Owner,
    string ApiServer,
    ActorDefinition Definition,
    string Status,
    string StatusMessage,
    JsonElement State,
    ImmutableArray<MountSpec> Mounts,
    int Revision,
    string? CronNextEx,
    DateTime CreateTime,
    DateTime LastUpdateTime)
{
    public ActorKey Key => new(Tenant, new ActorId(Id));
    public string DbId => Key.DbId;
}
