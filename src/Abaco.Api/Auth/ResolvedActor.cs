using Abaco.Core.Ids;

namespace Abaco.Api.Auth;

/// <summary>
/// The actor a request addresses, as the access control resolved it (original-abaco.md §1.1 "Actor identifier
/// resolution"): <see cref="Identifier"/> as written in the path, the actor id it stands for, and the alias id
/// (<c>{tenant}_{alias}</c>) when it was an alias. Put in <see cref="HttpContext.Items"/> for the routes; absent
/// for OPTIONS, for paths that address no actor, and for admins on <c>/actors/aliases/{alias}</c> paths (admins
/// skip the alias check, so the alias is not looked up for them).
/// </summary>
public sealed record ResolvedActor(string Identifier, string Tenant, string ActorId, string? AliasId)
{
    public string DbId => ActorKey.Of(Tenant, ActorId).DbId;

    public static ResolvedActor? Of(HttpContext http) =>
        http.Items.TryGetValue(typeof(ResolvedActor), out var value) ? value as ResolvedActor : null;

    public void AttachTo(HttpContext http) => http.Items[typeof(ResolvedActor)] = this;
}
