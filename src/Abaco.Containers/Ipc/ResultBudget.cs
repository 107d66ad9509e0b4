namespace Abaco.Containers.Ipc;

/// <summary>
/// How many results (and bytes) one execution may still store: an actor looping on its results socket must not fill
/// the results store. Results past either limit are refused and counted. Not thread-safe: the results socket delivers
/// one datagram at a time.
/// </summary>
public sealed class ResultBudget(int maxResults, long maxBytes)
{
    public int Accepted { get; private set; }

    public long AcceptedBytes { get; private set; }

    /// <summary>Results refused so far.</summary>
    public int Dropped { get; private set; }

    public int MaxResults => maxResults;

    public long MaxBytes => maxBytes;

    /// <summary>True (and counted) when a result of <paramref name="length"/> bytes still fits both limits.</summary>
    public bool TryTake(int length)
    {
        if (Accepted >= maxResults || AcceptedBytes + length > maxBytes)
        {
            Dropped++;
            return false;
        }
        Accepted++;
        AcceptedBytes += length;
        return true;
    }
}
