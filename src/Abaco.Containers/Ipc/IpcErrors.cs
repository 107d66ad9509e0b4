namespace Abaco.Containers.Ipc;

/// <summary>
/// Where an IPC endpoint's errors go: handed to the owner's sink, never thrown, so neither a failing step of a
/// clean-up nor a failing sink can stop closing or the results loop.
/// </summary>
internal sealed class IpcErrors(Action<Exception>? sink)
{
    /// <summary>Runs one step, reporting what it throws.</summary>
    public void TryDo(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            Report(e);
        }
    }

    public void Report(Exception e)
    {
        try
        {
            sink?.Invoke(e);
        }
        catch
        {
            // the error sink failing must not break its caller
        }
    }
}
