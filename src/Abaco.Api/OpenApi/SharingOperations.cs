namespace Abaco.Api.OpenApi;

/// <summary>The sharing routes: aliases, nonces, configs and permissions.</summary>
public static class SharingOperations
{
    private const string Actor = "/actors/{actorId}";
    private const string Alias = "/actors/aliases/{alias}";
    private const string Config = "/actors/configs/{name}";

    private static ApiBody Fields(ApiShape shape, bool required = true) =>
        new(shape.Name, Form: true, Binary: false, required, shape.Description);

    public static IReadOnlyList<ApiOperation> All { get; } =
    [
        new("GET", "/actors/aliases", "aliases", "List the aliases you may read", Env("Alias[]", "The aliases.")),
        new("POST", "/actors/aliases", "aliases", "Create an alias", Env("Alias", "The alias."),
            Fields(SharingShapes.AliasRequest)),
        new("GET", Alias, "aliases", "Get an alias", Env("Alias", "The alias.")),
        new("PUT", Alias, "aliases", "Point an alias at another actor", Env("Alias", "The alias."),
            Fields(SharingShapes.AliasRequest)),
        new("DELETE", Alias, "aliases", "Delete an alias", Env(null, "Deleted.")),

        .. Nonces(Actor, "actor"),
        .. Nonces(Alias, "alias"),

        new("GET", "/actors/configs", "configs", "List the configs you may read", Env("Config[]", "The configs.")),
        new("POST", "/actors/configs", "configs", "Create a config", Env("Config", "The config."),
            Fields(SharingShapes.ConfigRequest)),
        new("GET", Config, "configs", "Get a config", Env("Config", "The config.")),
        new("PUT", Config, "configs", "Replace a config", Env("Config", "The config."), Fields(SharingShapes.ConfigRequest)),
        new("DELETE", Config, "configs", "Delete a config", Env(null, "Deleted.")),

        .. Permissions(Actor, "actor"),
        .. Permissions(Alias, "alias"),
        .. Permissions(Config, "config"),
    ];

    private static ApiOperation[] Nonces(string owner, string what) =>
    [
        new("GET", owner + "/nonces", "nonces", $"List an {what}'s nonces", Env("Nonce[]", "The nonces.")),
        new("POST", owner + "/nonces", "nonces", $"Create a nonce for an {what}", Env("Nonce", "The nonce."),
            Fields(SharingShapes.NonceRequest, required: false)),
        new("GET", owner + "/nonces/{nonceId}", "nonces", $"Get a nonce of an {what}", Env("Nonce", "The nonce.")),
        new("DELETE", owner + "/nonces/{nonceId}", "nonces", $"Delete a nonce of an {what}", Env(null, "Deleted.")),
    ];

    private static ApiOperation[] Permissions(string owner, string what) =>
    [
        new("GET", owner + "/permissions", "permissions", $"List who may use an {what}",
            Env("Permissions", "Each user and level.")),
        new("POST", owner + "/permissions", "permissions", $"Grant (or with NONE, revoke) a permission on an {what}",
            Env("Permissions", "Each user and level."), Fields(SharingShapes.PermissionRequest)),
    ];

    private static ApiResult Env(string? shape, string description) => ApiResult.Enveloped(shape, description);
}
