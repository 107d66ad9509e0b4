using Abaco.Core.Net;
using Abaco.Core.Settings;
using Abaco.Protocol;
using Abaco.Stores;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Abaco.Runtime.Events;

public static class EventDeliveryHosting
{
    /// <summary>Every core node runs a deliverer; the subscriber group makes each event go to one of them.</summary>
    public static AkkaConfigurationBuilder AddEventDelivery(this AkkaConfigurationBuilder builder, AbacoSettings settings) =>
        builder.WithActors((system, registry, resolver) =>
        {
            if (!settings.Node.Has(NodeRoles.Core)) return;
            var http = WebhookHttp.Create(AddressDenyList.From(settings.Web.WebhookDenyCidrs), TimeSpan.FromSeconds(10));
            system.ActorOf(EventDeliveryActor.Props(resolver.GetService<IAbacoStores>(),
                registry.Get<ActorEntityRegion>(), http,
                settings.Workers.WebhookExecutionStarted), "event-delivery");
        });
}
