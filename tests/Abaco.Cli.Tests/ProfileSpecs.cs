namespace Abaco.Cli.Tests;

/// <summary><c>abaco profile ...</c> against a profile file of the test's own.</summary>
public sealed class ProfileSpecs : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("abaco-cli-profiles-").FullName;
    private readonly Dictionary<string, string> _environment;

    public ProfileSpecs() => _environment = new() { ["ABACO_CONFIG"] = Path.Combine(_directory, "sub", "config") };

    private Task<CliRun> Abaco(params string[] args) => CliRun.RunAsync(_environment, args);

    [Fact]
    public async Task Profiles_are_added_listed_without_secrets_switched_and_removed()
    {
        Assert.Equal(0, (await Abaco("profile", "add", "dev", "--url", "http://dev:8000", "--tenant", "DEV", "--jwt", "secret-jwt")).Exit);
        Assert.Equal(0, (await Abaco("profile", "add", "ci", "--url", "http://ci:8000", "--token", "secret-token")).Exit);

        var listed = await Abaco("profile", "list", "-o", "table");
        var rows = listed.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries))).ToArray();
        Assert.Equal(["NAME CURRENT URL TENANT CREDENTIAL", "ci false http://ci:8000 token", "dev true http://dev:8000 DEV jwt"], rows);
        Assert.DoesNotContain("secret", listed.Out);

        Assert.Equal(0, (await Abaco("profile", "use", "ci")).Exit);
        Assert.Contains("\"current\": \"ci\"", await File.ReadAllTextAsync(_environment["ABACO_CONFIG"]));
        Assert.Equal(0, (await Abaco("profile", "remove", "ci")).Exit);
        var after = await Abaco("profile", "list", "-o", "json");
        Assert.DoesNotContain("\"ci\"", after.Out);
        Assert.Equal(ExitCodes.Usage, (await Abaco("profile", "use", "ci")).Exit);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_profile_file_holding_credentials_is_readable_by_its_owner_only()
    {
        await Abaco("profile", "add", "dev", "--token", "secret-token");

        var mode = File.GetUnixFileMode(_environment["ABACO_CONFIG"]);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task A_profile_with_a_jwt_but_no_tenant_is_refused_and_not_written()
    {
        var run = await Abaco("profile", "add", "dev", "--jwt", "a.b.c");

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.False(File.Exists(_environment["ABACO_CONFIG"]));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
