using System.Text.Json.Serialization;

namespace Abaco.Cli.Settings;

/// <summary>One named set of connection settings in the profile file; every member optional.</summary>
public sealed record Profile(
    [property: JsonPropertyName("url")] string? Url = null,
    [property: JsonPropertyName("tenant")] string? Tenant = null,
    [property: JsonPropertyName("jwt")] string? Jwt = null,
    [property: JsonPropertyName("token")] string? Token = null,
    [property: JsonPropertyName("nonce")] string? Nonce = null,
    [property: JsonPropertyName("case")] string? Case = null);

/// <summary>The profile file: named profiles and the one used when none is asked for.</summary>
public sealed record ProfileFile(
    [property: JsonPropertyName("current")] string? Current,
    [property: JsonPropertyName("profiles")] IReadOnlyDictionary<string, Profile> Profiles)
{
    public static ProfileFile Empty { get; } = new(null, new Dictionary<string, Profile>());
}
