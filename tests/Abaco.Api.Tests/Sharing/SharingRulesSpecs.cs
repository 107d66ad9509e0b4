using Abaco.Api.Http;
using Abaco.Api.Sharing;
using Abaco.Core.Permissions;
using Abaco.Core.Settings;
using static Abaco.Api.Tests.TestRequests;

namespace Abaco.Api.Tests.Sharing;

/// <summary>The store-free checks of the sharing routes, with the original's messages.</summary>
public sealed class SharingRulesSpecs
{
    [Theory(DisplayName = "Acceptable aliases pass")]
    [InlineData("my.alias")]
    [InlineData("my-alias_2")]
    [InlineData("permissions")]
    [InlineData("searches")]
    public void Acceptable_aliases_pass(string alias) => Assert.Null(NameRules.Alias.Problem(alias));

    [Theory(DisplayName = "Reserved aliases fail")]
    [InlineData("nonces")]
    [InlineData("logs")]
    [InlineData("messages")]
    [InlineData("adapters")]
    [InlineData("search")]
    // Ignoring case, as the router matches /actors/SEARCH to the search route.
    [InlineData("Executions")]
    [InlineData("SEARCH")]
    [InlineData("Utilization")]
    [InlineData("aDmIn")]
    [InlineData("ALIASES")]
    [InlineData("Configs")]
    public void Reserved_aliases_fail(string alias) =>
        Assert.StartsWith($"{alias} is a reserved word. The following reserved words cannot be used for an alias: [",
            NameRules.Alias.Problem(alias));

    [Theory(DisplayName = "Aliases with forbidden characters fail on the first listed")]
    [InlineData("a b", ' ')]
    [InlineData("a\\b", '\\')]
    [InlineData("a\"b", '"')]
    [InlineData("a'b", '\'')]
    [InlineData("a/b?c", '/')]
    [InlineData("a=b", '=')]
    // An escape in a name is another name once a path is decoded.
    [InlineData("%73earch", '%')]
    public void Aliases_with_forbidden_characters_fail_on_the_first_listed(string alias, char reported) =>
        Assert.StartsWith($"'{reported}' is a forbidden character. The following characters cannot be used for an alias: ",
            NameRules.Alias.Problem(alias));

    [Theory(DisplayName = "Reserved config names are refused in any case")]
    [InlineData("ADMIN")]
    [InlineData("Utilization")]
    [InlineData("Messages")]
    public void Reserved_config_names_fail_in_any_case(string name) =>
        Assert.StartsWith($"{name} is a reserved word. The following reserved words cannot be used for an actor config: [",
            NameRules.Config.Problem(name));

    [Fact(DisplayName = "Config names have their own rules")]
    public void Config_names_have_their_own_rules()
    {
        Assert.Null(NameRules.Config.Problem("search"));
        Assert.Null(NameRules.Config.Problem("back\\slash\"quote"));
        Assert.NotNull(NameRules.Config.Problem("utilization"));
        Assert.NotNull(NameRules.Config.Problem("with space"));
        Assert.NotNull(NameRules.Config.Problem("a,b"));
    }

    [Fact(DisplayName = "Lists and tuples print as Python prints them")]
    public void Python_lists_and_tuples_print_as_python_does()
    {
        Assert.Equal("['a', 'b']", NameRules.PythonList(["a", "b"]));
        Assert.Equal("(\"it's\", 'x')", NameRules.PythonTuple(["it's", "x"]));
        Assert.Equal("('NONE', 'READ', 'EXECUTE')", SharingRules.LevelTuple(SharingRules.AliasNonceLevelsAllowed));
    }

    [Theory(DisplayName = "Nonce levels default to EXECUTE")]
    [InlineData(null, false, PermissionLevel.Execute)]
    [InlineData(null, true, PermissionLevel.Execute)]
    [InlineData("NONE", false, PermissionLevel.None)]
    [InlineData("READ", true, PermissionLevel.Read)]
    [InlineData("UPDATE", false, PermissionLevel.Update)]
    public void Nonce_levels_default_to_execute(string? text, bool forAlias, PermissionLevel expected) =>
        Assert.Equal(expected, SharingRules.NonceLevel(text, forAlias));

    [Theory(DisplayName = "Other nonce levels are refused")]
    [InlineData("UPDATE", true, "('NONE', 'READ', 'EXECUTE')")]
    [InlineData("update", false, "('NONE', 'READ', 'EXECUTE', 'UPDATE')")]
    [InlineData("", false, "('NONE', 'READ', 'EXECUTE', 'UPDATE')")]
    public void Other_nonce_levels_are_refused(string text, bool forAlias, string allowed)
    {
        var error = Assert.Throws<ApiError>(() => SharingRules.NonceLevel(text, forAlias));
        Assert.Equal(400, error.StatusCode);
        Assert.Equal($"Invalid nonce description. The level attribute must be one of: {allowed}", error.Message);
    }

    [Theory(DisplayName = "Max uses is positive or unlimited")]
    [InlineData(null, -1)]
    [InlineData(-1, -1)]
    [InlineData(1, 1)]
    [InlineData(1000, 1000)]
    public void Max_uses_is_positive_or_unlimited(int? requested, int expected) =>
        Assert.Equal(expected, SharingRules.MaxUses(requested));

    [Theory(DisplayName = "Other max uses are refused")]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void Other_max_uses_are_refused(int requested) =>
        Assert.Equal(SharingRules.MaxUsesMessage, Assert.Throws<ApiError>(() => SharingRules.MaxUses(requested)).Message);

    [Fact(DisplayName = "Grant levels are the four upper-case names")]
    public void Grant_levels_are_the_four_upper_case_names()
    {
        Assert.Equal(PermissionLevel.None, SharingRules.GrantLevel("NONE"));
        Assert.Equal(PermissionLevel.Update, SharingRules.GrantLevel("UPDATE"));
        Assert.Equal("Invalid permission level: Write. The valid values are ('NONE', 'READ', 'EXECUTE', 'UPDATE')",
            Assert.Throws<ApiError>(() => SharingRules.GrantLevel("Write")).Message);
    }

    [Fact(DisplayName = "Config actors are split on commas and trimmed")]
    public void Config_actors_are_split_on_commas_and_trimmed() =>
        Assert.Equal(new[] { "A1", "greeter", "B2" }, SharingRules.ConfigActors(" A1, greeter ,,B2, ").ToArray());

    [Fact(DisplayName = "Missing fields are named with their help, as Python prints a dict")]
    public async Task Missing_fields_are_named_with_their_help_as_python_prints_a_dict()
    {
        var fields = await OriginalFields.ReadAsync(Json("""{"count": "x", "flag": "maybe"}"""), CaseStyle.Snake,
            "thing description", "Invalid thing: ");

        Assert.Equal("Invalid thing: {'name': 'The name.'}",
            Assert.Throws<ApiError>(() => fields.Required("name", "The name.")).Message);
        Assert.Equal("Invalid thing: {'count': \"It's a count.\"}",
            Assert.Throws<ApiError>(() => fields.OptionalInt("count", "It's a count.")).Message);
        Assert.Equal("Invalid thing: {'flag': 'A flag.'}",
            Assert.Throws<ApiError>(() => fields.RequiredBool("flag", "A flag.")).Message);
        Assert.Null(fields.Optional("absent", "help"));
    }

    [Fact(DisplayName = "Camel mode names fields as the client spells them")]
    public async Task Camel_mode_names_fields_as_the_client_spells_them()
    {
        var fields = await OriginalFields.ReadAsync(Json("""{"max_uses": 3}"""), CaseStyle.Camel, "d", "Invalid: ");
        Assert.Null(fields.OptionalInt("max_uses", "help"));
        Assert.Equal("Invalid: {'actorId': 'help'}", Assert.Throws<ApiError>(() => fields.Required("actor_id", "help")).Message);
    }

    [Fact(DisplayName = "Blank is missing unless allowed")]
    public async Task Blank_is_missing_unless_allowed()
    {
        var fields = await OriginalFields.ReadAsync(Json("""{"value": "  ", "name": " n "}"""), CaseStyle.Snake, "d", "E: ");
        Assert.Throws<ApiError>(() => fields.Required("value", "help"));
        Assert.Equal("  ", fields.Required("value", "help", allowEmpty: true));
        Assert.Equal("n", fields.Required("name", "help"));
    }
}
