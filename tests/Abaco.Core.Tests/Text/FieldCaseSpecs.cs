using Abaco.Core.Settings;
using Abaco.Core.Text;

namespace Abaco.Core.Tests.Text;

public sealed class FieldCaseSpecs
{
    // The pairs original-abaco.md §1.1 lists for the original's under_to_camel, plus the other multi-word API fields.
    [Theory(DisplayName = "ToCamel is the original's under_to_camel and ToSnake its inverse")]
    [InlineData("default_environment", "defaultEnvironment")]
    [InlineData("use_container_uid", "useContainerUid")]
    [InlineData("max_uses", "maxUses")]
    [InlineData("actor_id", "actorId")]
    [InlineData("is_secret", "isSecret")]
    [InlineData("log_ex", "logEx")]
    [InlineData("cron_schedule", "cronSchedule")]
    [InlineData("cron_on", "cronOn")]
    [InlineData("mem_limit", "memLimit")]
    [InlineData("max_cpus", "maxCpus")]
    [InlineData("last_update_time", "lastUpdateTime")]
    [InlineData("message_received_time", "messageReceivedTime")]
    [InlineData("image", "image")]
    [InlineData("id", "id")]
    public void Snake_and_camel(string snake, string camel)
    {
        Assert.Equal(camel, FieldCase.ToCamel(snake));
        Assert.Equal(snake, FieldCase.ToSnake(camel));
    }

    [Theory(DisplayName = "Names starting with an underscore are left alone both ways")]
    [InlineData("_links")]
    [InlineData("_metadata")]
    [InlineData("_abaco_actor_id")]
    public void Leading_underscore_is_kept(string name)
    {
        Assert.Equal(name, FieldCase.ToCamel(name));
        Assert.Equal(name, FieldCase.ToSnake(name));
    }

    [Fact(DisplayName = "Name converts only when the configured case is camel")]
    public void Name_follows_the_configured_case()
    {
        Assert.Equal("defaultEnvironment", FieldCase.Name(CaseStyle.Camel, "default_environment"));
        Assert.Equal("default_environment", FieldCase.Name(CaseStyle.Snake, "default_environment"));
        Assert.Equal("_links", FieldCase.Name(CaseStyle.Camel, "_links"));
    }
}
