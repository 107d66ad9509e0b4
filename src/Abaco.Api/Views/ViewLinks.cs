namespace Abaco.Api.Views;

/// <summary>The hypermedia <c>_links</c> of the display documents: <c>{api_server}/actors/v2/...</c>.</summary>
public static class ViewLinks
{
    public static string ActorUrl(string apiServer, string actorId) => $"{apiServer}/actors/v2/{actorId}";

    public static string OwnerUrl(string apiServer, string owner) => $"{apiServer}/profiles/v2/{owner}";

    public static string AliasUrl(string apiServer, string alias) => $"{apiServer}/actors/v2/aliases/{alias}";
}
