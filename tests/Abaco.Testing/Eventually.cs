namespace Abaco.Testing;

/// <summary>Waits on a condition with a deadline (polling briefly), never on a fixed sleep.</summary>
public static class Eventually
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan deadline, string what, TimeSpan? poll = null)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Timed out after {deadline.TotalSeconds:0} s waiting for {what}.");
            await Task.Delay(poll ?? Poll);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan deadline, string what) where T : class
    {
        T? value = null;
        await TrueAsync(async () => (value = await probe()) is not null, deadline, what);
        return value!;
    }
}
