using Abaco.Protocol;

namespace Abaco.Admin.Host;

// What the verbs answer; the command host writes them as JSON (camelCase) and the client renders them.

public sealed record MemberView(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable,
    string AppVersion, bool IsLeader, bool IsSelf);

/// <param name="OldestPerRole">Role → the oldest Up member with it (where that role's singletons live).</param>
public sealed record ClusterView(string Self, string? Leader, IReadOnlyDictionary<string, string?> RoleLeaders,
    IReadOnlyDictionary<string, string> OldestPerRole, IReadOnlyList<MemberView> Members);

public sealed record LeaderView(string? Leader, IReadOnlyDictionary<string, string?> RoleLeaders);

/// <summary>What a membership verb did.</summary>
public sealed record Done(string Verb, IReadOnlyList<string> Addresses, string Message);

/// <summary>A membership or reachability change, as <c>cluster tail</c> streams it.</summary>
public sealed record ClusterEventView(DateTime Time, string Event, string Address, string Status,
    IReadOnlyList<string> Roles);

public sealed record RegionView(string TypeName, string Address, string Kind, int Shards, int Entities);

public sealed record ShardView(string TypeName, string ShardId, string Address, int Entities);

public sealed record SingletonView(string Name, string Role, string? Address, bool Confirmed);

/// <param name="WorkersByStatus">The worker records of this host, counted by status.</param>
public sealed record NodeView(string Address, string Status, IReadOnlyList<string> Roles, string? HostId,
    IReadOnlyDictionary<string, int> WorkersByStatus, int? Containers, int? SlotsUsed, int? SlotsCapacity,
    IReadOnlyList<AdminProtocol.SpawnerDescription> Spawners, string? Problem);

public sealed record ActorPlacementView(string DbId, string ShardId, string Address);

public sealed record WorkerView(string Id, string ActorDbId, string Status, string HostId, string ContainerId,
    bool Live, DateTime CreateTime);

public sealed record ReconcileView(bool DryRun, IReadOnlyList<AdminProtocol.OrphanContainer> Containers,
    IReadOnlyList<WorkerView> WorkerRecords, IReadOnlyList<string> Problems);
