namespace Abaco.Api.OpenApi;

/// <summary>The shapes of aliases, nonces, configs and permissions (snake_case, as the views and parsers name them).</summary>
public static class SharingShapes
{
    private static ApiField F(string name, string type, string description, bool required = false) =>
        new(name, type, description, required);

    private static readonly ApiField Links = F("_links", "object", "Links to the object, its owner and its actor (URLs).");

    public static readonly ApiShape AliasRequest = new("AliasRequest", "An alias for an actor (JSON or form fields).",
    [
        F("alias", "string", "The alias (letters, digits, - and _; some words are reserved); required to create one."),
        F("actor_id", "string", "The actor the alias names (you need UPDATE on it).", required: true),
    ]);

    public static readonly ApiShape Alias = new("Alias", "An alias of an actor.",
        [F("alias", "string", "The alias."), F("actor_id", "string", "The actor it names."),
         F("owner", "string", "Who made it."), Links]);

    public static readonly ApiShape NonceRequest = new("NonceRequest", "A nonce to create (JSON or form fields).",
    [
        F("level", "string", "READ or EXECUTE (default EXECUTE; UPDATE too for an actor's nonce)."),
        F("max_uses", "integer", "How many times it may be used; -1 (the default) for unlimited."),
        F("description", "string", "What it is for."),
    ]);

    public static readonly ApiShape Nonce = new("Nonce", "A nonce: pass its id as the x-nonce query parameter.",
    [
        F("id", "string", "The nonce itself."),
        F("actor_id", "string", "The actor it opens."),
        F("alias", "string", "The alias it opens (alias nonces)."),
        F("owner", "string", "Who made it."),
        F("roles", "string[]", "Its maker's roles."),
        F("level", "string", "What it allows."),
        F("max_uses", "integer", "Its uses in all, -1 for unlimited."),
        F("current_uses", "integer", "Its uses so far."),
        F("remaining_uses", "integer", "Its uses left, -1 for unlimited."),
        F("description", "string", "What it is for."),
        F("api_server", "string", "The API base URL."),
        F("create_time", "string", "When it was made."),
        F("last_use_time", "string", "When it was last used."),
        Links,
    ]);

    public static readonly ApiShape ConfigRequest = new("ConfigRequest", "A config (JSON or form fields).",
    [
        F("name", "string", "The config's name; required to create one."),
        F("value", "any", "Its value (a string or any JSON).", required: true),
        F("is_secret", "boolean", "Encrypts the value at rest and hides it from readers.", required: true),
        F("actors", "string", "A comma-separated list of actor ids or aliases that receive it.", required: true),
    ]);

    public static readonly ApiShape Config = new("Config", "A config shared with actors.",
        [F("name", "string", "Its name."), F("value", "any", "Its value (hidden for secrets)."),
         F("is_secret", "boolean", "Whether it is a secret."), F("actors", "string", "The actors that receive it.")]);

    public static readonly ApiShape PermissionRequest = new("PermissionRequest", "A permission to grant (JSON or form fields).",
    [
        F("user", "string", "The user (or the world, ABACO_WORLD).", required: true),
        F("level", "string", "NONE, READ, EXECUTE or UPDATE.", required: true),
    ]);

    public static readonly ApiShape Permissions = new("Permissions",
        "Each user who holds a permission, with its level (READ, EXECUTE or UPDATE); the names are user names.", []);

    public static IReadOnlyList<ApiShape> All { get; } =
        [AliasRequest, Alias, NonceRequest, Nonce, ConfigRequest, Config, PermissionRequest, Permissions];
}
