namespace Abaco.Core.Permissions;

/// <summary>The roles Abaco knows (original-abaco.md §1.1 "Roles"); the basic user role is configurable (<c>web.user_role</c>).</summary>
public static class AbacoRoles
{
    /// <summary>Every request with <c>web.access_control = none</c>: full admin.</summary>
    public const string All = "ALL";
    public const string Admin = "Internal/abaco-admin";
    public const string Privileged = "Internal/abaco-privileged";
    public const string Limited = "Internal/abaco-limited";
    /// <summary>Substituted when a JWT carries no role claim at all.</summary>
    public const string Everyone = "Internal/everyone";
}
