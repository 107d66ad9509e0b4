namespace Abaco.Containers.Tests;

/// <summary>Waits for a condition with a deadline instead of sleeping a guessed amount.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not true within {within}: {what}");
            }
            await Task.Delay(50);
        }
    }
}
