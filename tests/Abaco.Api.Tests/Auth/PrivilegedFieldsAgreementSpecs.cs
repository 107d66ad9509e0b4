using Abaco.Api.Auth;
using Abaco.Api.Http;
using Abaco.Core.Actors;
using Microsoft.AspNetCore.Http;
using static Abaco.Api.Tests.Auth.AuthSamples;
using static Abaco.Api.Tests.TestRequests;

namespace Abaco.Api.Tests.Auth;

/// <summary>
/// check_privileged and the actor parser must agree: whatever value of a privileged or limit field a plain user's
/// registration gets past check_privileged with must parse to the operator's default or be refused with a 400
/// naming the field. Otherwise an odd value (<c>mem_limit: ""</c>) is a way around the check.
/// </summary>
public sealed class PrivilegedFieldsAgreementSpecs
{
    private static readonly string[] Fields = ["privileged", "max_workers", "max_cpus", "mem_limit", "queue", "use_container_uid"];

    private static readonly string[] OddJson =
    [
        "\"\"", "\" \"", "\"0\"", "0", "0.0", "-0", "\"-0\"", "\"00\"", "\"+0\"", "\"0.0\"", "1e-400", "false", "\"false\"",
        "\"False \"", "null", "[]", "{}", "[0]", "\"none\"", "\"None\"", "\"NaN\"", "\"-1\"", "-1", "\"\\u0000\"", "\"0x0\"",
        "\"1\"", "1", "true",
    ];

    public static TheoryData<string, string> JsonCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in Fields)
        foreach (var value in OddJson)
            data.Add(field, $$"""{"image": "i", "{{field}}": {{value}}}""");
        return data;
    }

    [Theory(DisplayName = "A plain user's odd value of a privileged field is refused by check_privileged, refused by the parser, or the default")]
    [MemberData(nameof(JsonCases))]
    public async Task Json_bodies(string field, string body) =>
        await AgreeAsync(field, () => Json(body));

    [Theory(DisplayName = "The same holds for form fields and query parameters, empty or not")]
    [InlineData("mem_limit", "")]
    [InlineData("mem_limit", "%20")]
    [InlineData("mem_limit", "0")]
    [InlineData("max_cpus", "")]
    [InlineData("max_cpus", "0")]
    [InlineData("max_workers", "")]
    [InlineData("max_workers", "0")]
    [InlineData("privileged", "")]
    [InlineData("privileged", "0")]
    [InlineData("queue", "")]
    [InlineData("use_container_uid", "")]
    [InlineData("use_container_uid", "false")]
    public async Task Form_and_query(string field, string value)
    {
        await AgreeAsync(field, () => Form($"image=i&{field}={value}"));
        await AgreeAsync(field, () => Json("""{"image": "i"}""", $"?{field}={value}"));
    }

    [Theory(DisplayName = "A field named twice in a body counts as set when any occurrence is")]
    [InlineData("""{"image": "i", "privileged": true, "privileged": false}""", "privileged")]
    [InlineData("""{"image": "i", "privileged": false, "privileged": true}""", "privileged")]
    [InlineData("""{"image": "i", "mem_limit": "", "mem_limit": "-1"}""", "mem_limit")]
    [InlineData("""{"image": "i", "mem_limit": "-1", "mem_limit": ""}""", "mem_limit")]
    public async Task Duplicate_keys(string body, string field) =>
        Assert.False(await AllowedAsync(Json(body)), $"{field} named twice slipped past check_privileged");

    [Fact(DisplayName = "An empty mem_limit is the operator's default (null), not unlimited")]
    public async Task Empty_mem_limit_is_the_default()
    {
        Assert.Null((await ActorAsync(Json("""{"image": "i", "mem_limit": ""}"""))).MemLimit);
        Assert.Null((await ActorAsync(Form("image=i&mem_limit="))).MemLimit);
        Assert.Equal("-1", (await ActorAsync(Json("""{"image": "i", "mem_limit": " -1 "}"""))).MemLimit);
    }

    private static async Task<bool> AllowedAsync(HttpRequest request)
    {
        var fields = await PrivilegedFields.ReadAsync(request);
        var access = new AccessRequest("POST", new AccessPath(["actors"], RouteFamily.Root, null, null), Tenant, "jdoe", User, _ => Task.FromResult(fields));
        return (await new AbacoAuthorizer(UserRole).DecideAsync(access, new FakeLookups(), CancellationToken.None)).Allowed;
    }

    private static async Task AgreeAsync(string field, Func<HttpRequest> request)
    {
        if (!await AllowedAsync(request())) return;
        ActorDefinition definition;
        try
        {
            definition = await ActorAsync(request());
        }
        catch (ApiError refused)
        {
            Assert.Equal(400, refused.StatusCode);
            Assert.Contains(field, refused.Message);
            return;
        }
        var defaults = await ActorAsync(Json("""{"image": "i"}"""));
        Assert.True(Value(definition, field) == Value(defaults, field),
            $"{field}: a plain user got '{Value(definition, field)}' past check_privileged (default '{Value(defaults, field)}')");
    }

    private static string? Value(ActorDefinition d, string field) => field switch
    {
        "privileged" => d.Privileged.ToString(),
        "max_workers" => d.MaxWorkers?.ToString(),
        "max_cpus" => d.MaxCpus?.ToString(),
        "mem_limit" => d.MemLimit,
        "queue" => d.Queue,
        "use_container_uid" => d.UseContainerUid.ToString(),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };
}
