namespace Abaco.Runtime.Events;

/// <summary>
/// The deliverer's timing knobs, given through its <c>Props</c>: hosting passes <see cref="Default"/>, tests shorter
/// ones.
/// </summary>
/// <param name="WebhookRetryDelays">Waits between webhook attempts; one attempt more than delays.</param>
/// <param name="LinkReplyTimeout">How long the linked actor's entity has to accept the event's message.</param>
public sealed record EventDeliveryTimings(IReadOnlyList<TimeSpan> WebhookRetryDelays, TimeSpan LinkReplyTimeout)
{
    public static readonly EventDeliveryTimings Default = new(
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], TimeSpan.FromSeconds(30));
}
