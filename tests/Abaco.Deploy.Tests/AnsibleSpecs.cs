using System.Text.Json;
using Abaco.Testing;

namespace Abaco.Deploy.Tests;

/// <summary>
/// The Ansible plays (ansible/): they parse, pass ansible-lint, run in check mode against this machine with the local
/// inventory and its vault, and derive every node's roles, seeds and the front's upstreams from the inventory groups.
/// </summary>
public sealed class AnsibleSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(8);
    private static readonly string AnsibleDirectory = Path.Combine(AbacoNode.RepoRoot, "ansible");
    private static readonly string[] Playbooks = ["site.yml", "upgrade.yml"];
    private static readonly string[] Vault = ["--vault-password-file", "inventories/local/vault-password"];

    [Fact(DisplayName = "ansible-playbook --syntax-check accepts the site and rolling-upgrade plays")]
    public async Task Plays_pass_syntax_check() =>
        await AnsibleAsync("ansible-playbook", ["--syntax-check", .. Vault, .. Playbooks]);

    [Fact(DisplayName = "ansible-lint (production profile rules) finds nothing in the plays and roles")]
    public async Task Plays_pass_ansible_lint()
    {
        var lint = await AnsibleAsync("ansible-lint", ["--offline", "--nocolor", .. Playbooks]);
        Assert.Contains("0 failure(s), 0 warning(s)", lint.Output);
    }

    [Fact(DisplayName = "The site play runs in check mode against this machine, through every role, with the local vault")]
    public async Task Site_play_runs_in_check_mode()
    {
        var run = await CheckModeAsync("site.yml");
        foreach (var play in new[] { "PostgreSQL", "Redis", "Abaco nodes", "The nginx front" })
            Assert.Contains($"PLAY [{play}]", run.Output);
    }

    [Fact(DisplayName = "The rolling-upgrade play runs in check mode against this machine: publish once, then the nodes one at a time")]
    public async Task Upgrade_play_runs_in_check_mode()
    {
        var run = await CheckModeAsync("upgrade.yml");
        Assert.Contains("PLAY [Node is published once on the control machine]", run.Output);
        Assert.Contains("PLAY [Nodes are upgraded one at a time]", run.Output);
    }

    /// <summary>A play in check mode against localhost (local inventory and vault), installing the node image's publish.</summary>
    private async Task<ToolRun> CheckModeAsync(string playbook)
    {
        var publish = await PublishOutputAsync();
        var archive = Path.Combine(Path.GetTempPath(), $"abaco-node-{Guid.NewGuid():N}.tar.gz");
        try
        {
            var run = await AnsibleAsync("ansible-playbook", [playbook, "--check", .. Vault, "-e", "abaco_publish=false",
                "-e", $"abaco_publish_dir={publish}", "-e", $"abaco_archive={archive}"]);
            Assert.Matches(@"localhost\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=0", run.Output);
            return run;
        }
        finally
        {
            File.Delete(archive);
        }
    }

    [Fact(DisplayName = "A multi-host inventory gives each node the roles of its groups, the core hosts as seeds, and the front every api node")]
    public async Task Inventory_groups_wire_roles_seeds_and_upstreams()
    {
        const string expression = "{{ {'roles': abaco_roles, 'seeds': abaco_seed_nodes, 'upstreams': nginx_front_upstreams} | to_json }}";
        var run = await AnsibleAsync("ansible", ["-i", "inventories/example/hosts.ini", "abaco-core1.example.org,abaco-spawner1.example.org",
            "-o", "-m", "ansible.builtin.debug", "-a", $"msg={expression}"]);
        var core = Wiring(run.Output, "abaco-core1.example.org");
        var spawner = Wiring(run.Output, "abaco-spawner1.example.org");
        Assert.Equal(["api", "core"], Strings(core, "roles"));
        Assert.Equal(["spawner"], Strings(spawner, "roles"));
        string[] seeds = ["akka.tcp://abaco@abaco-core1.example.org:4053", "akka.tcp://abaco@abaco-core2.example.org:4053"];
        Assert.Equal(seeds, Strings(core, "seeds"));
        Assert.Equal(seeds, Strings(spawner, "seeds"));
        Assert.Equal(["abaco-core1.example.org:8000", "abaco-core2.example.org:8000"], Strings(core, "upstreams"));
    }

    /// <summary>The publish output the plays install: the node image's, published now if it is not there.</summary>
    private static async Task<string> PublishOutputAsync()
    {
        var publish = Path.Combine(AbacoNode.RepoRoot, "artifacts", "docker", "node-context", "node");
        if (!File.Exists(Path.Combine(publish, "Abaco.Node")))
            (await Tool.ScriptAsync("scripts/publish-node.sh", [publish], TimeSpan.FromMinutes(15))).Succeeded();
        return publish;
    }

    private async Task<ToolRun> AnsibleAsync(string tool, string[] args)
    {
        var run = await Tool.RunAsync(tool, args, Deadline, new Dictionary<string, string> { ["ANSIBLE_NOCOLOR"] = "1" }, AnsibleDirectory);
        output.WriteLine(run.Output.Length > 4000 ? run.Output[^4000..] : run.Output);
        return run.Succeeded();
    }

    /// <summary>The JSON a host's one-line debug output carries (<c>host | SUCCESS => {"msg": "..."}</c>).</summary>
    private static JsonElement Wiring(string output, string host)
    {
        var line = Assert.Single(output.Split('\n'), l => l.StartsWith(host + " | SUCCESS", StringComparison.Ordinal));
        var result = JsonDocument.Parse(line[(line.IndexOf("=>", StringComparison.Ordinal) + 2)..]).RootElement;
        return JsonDocument.Parse(result.GetProperty("msg").GetString()!).RootElement.Clone();
    }

    private static string[] Strings(JsonElement wiring, string name) =>
        [.. wiring.GetProperty(name).EnumerateArray().Select(item => item.GetString()!)];
}
