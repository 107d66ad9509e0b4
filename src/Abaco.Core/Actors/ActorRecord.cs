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
    /// <summary>
    /// The owner's roles when the actor was registered (refreshed when the owner updates it): the roles of the
    /// access tokens its workers get (<c>workers.generate_clients</c>). Empty for actors stored before this was kept,
    /// and when the API runs without access control (whose anonymous <c>ALL</c> role is not the owner's).
    /// </summary>
    public ImmutableArray<string> OwnerRoles { get; init; } = [];

    public ActorKey Key => new(Tenant, new ActorId(Id));
    public string DbId => Key.DbId;
}
