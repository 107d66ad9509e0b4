using System.Text.Json.Nodes;
using Abaco.Core.Actors;

namespace Abaco.Api.Views;

/// <summary>What clients see when they send, count or purge an actor's messages.</summary>
public sealed class MessageViews(ViewCase viewCase)
{
    public JsonObject MessageAccepted(ActorRecord actor, string executionId, string msg, string executor) => viewCase.Cased(new JsonObject
    {
        ["execution_id"] = executionId,
        ["msg"] = msg,
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ViewLinks.ActorUrl(actor.ApiServer, actor.Id)}/executions/{executionId}",
            ["owner"] = ViewLinks.OwnerUrl(actor.ApiServer, executor),
            ["messages"] = $"{ViewLinks.ActorUrl(actor.ApiServer, actor.Id)}/messages",
        },
    });

    public JsonObject Purged(ActorRecord actor) => viewCase.Cased(new JsonObject
    {
        ["msg"] = "Actor mailbox purged.",
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ViewLinks.ActorUrl(actor.ApiServer, actor.Id)}/messages",
            ["owner"] = ViewLinks.OwnerUrl(actor.ApiServer, actor.Owner),
        },
    });

    public JsonObject MessageCount(ActorRecord actor, int count) => viewCase.Cased(new JsonObject
    {
        ["messages"] = count,
        ["_links"] = new JsonObject
        {
            ["self"] = $"{ViewLinks.ActorUrl(actor.ApiServer, actor.Id)}/messages",
            ["owner"] = ViewLinks.OwnerUrl(actor.ApiServer, actor.Owner),
        },
    });
}
