using Abaco.Runtime.Workers;
using Xunit;

namespace Abaco.Runtime.Tests;

/// <summary>A warm execution's log file, read while it runs (live logs) and after it ended.</summary>
public sealed class WarmLogFileSpecs : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("abaco-warm-log-");

    private string LogPath => Path.Combine(_directory.FullName, "e1.log");

    [Fact(DisplayName = "The follower hands over the log as it grows")]
    public async Task Follows_the_file()
    {
        await File.WriteAllTextAsync(LogPath, "first line\n");
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        var following = WarmLogFile.FollowAsync(LogPath, text =>
        {
            if (text.Contains("second")) seen.TrySetResult(text);
            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(10), stop.Token);
        await File.AppendAllTextAsync(LogPath, "second line\n");

        Assert.Equal("first line\nsecond line\n", await seen.Task.WaitAsync(Deadline));
        await stop.CancelAsync();
        await following.WaitAsync(Deadline);
    }

    [Fact(DisplayName = "A stopped follower ends quietly, also when stopped before its first look")]
    public async Task Stops_quietly()
    {
        using var stop = new CancellationTokenSource();
        var following = WarmLogFile.FollowAsync(LogPath, _ => Task.CompletedTask, TimeSpan.FromHours(1), stop.Token);

        await stop.CancelAsync();

        await following.WaitAsync(Deadline); // throws if the follower failed or was left waiting
        Assert.True(following.IsCompletedSuccessfully);
        await WarmLogFile.FollowAsync(LogPath, _ => Task.CompletedTask, TimeSpan.FromHours(1), stop.Token).WaitAsync(Deadline);
    }

    [Fact(DisplayName = "The final read is the whole file, or nothing when there is none")]
    public async Task Reads_the_file()
    {
        Assert.Equal("", await WarmLogFile.ReadAsync(LogPath));
        await File.WriteAllTextAsync(LogPath, "out\nerr\n");

        Assert.Equal("out\nerr\n", await WarmLogFile.ReadAsync(LogPath));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
