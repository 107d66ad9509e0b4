using System.Text.Json;

namespace Abaco.Cli.Settings;

/// <summary>
/// The profile file, JSON at <c>$ABACO_CONFIG</c> or <c>~/.abaco/config</c>. It holds credentials, so it is
/// written readable by its owner only (0600), as ssh and kubectl treat theirs.
/// </summary>
public sealed class ProfileStore(string path)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public string Path { get; } = path;

    /// <summary>Where the profile file is for this environment.</summary>
    public static ProfileStore For(CliEnvironment environment)
    {
        if (environment.Variable("ABACO_CONFIG") is { } explicitPath) return new ProfileStore(explicitPath);
        var home = environment.Variable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new ProfileStore(System.IO.Path.Combine(home, ".abaco", "config"));
    }

    /// <summary>The file's profiles; an absent file has none.</summary>
    public ProfileFile Load()
    {
        if (!File.Exists(Path)) return ProfileFile.Empty;
        try
        {
            var file = JsonSerializer.Deserialize<ProfileFile>(File.ReadAllText(Path), Options);
            return file is { Profiles: not null } ? file : ProfileFile.Empty;
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"the profile file {Path} is not valid JSON ({e.Message}).");
        }
    }

    public void Save(ProfileFile file)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(file, Options));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temporary, Path, overwrite: true);
    }
}
