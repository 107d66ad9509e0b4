using Abaco.Core.Logs;

namespace Abaco.Core.Tests.Logs;

/// <summary>original-abaco.md §3.5: logs over 1,000,000 characters keep <c>web.max_log_length</c> of them and say so.</summary>
public sealed class LogTruncationSpecs
{
    [Fact(DisplayName = "Logs of at most 1,000,000 characters are kept whole, whatever max_log_length is")]
    public void Short_logs_are_kept()
    {
        var logs = new string('a', LogTruncation.Threshold);
        Assert.Same(logs, LogTruncation.Apply(logs, 10));
        Assert.Equal("", LogTruncation.Apply("", 10));
    }

    [Fact(DisplayName = "Longer logs keep their first max_log_length characters followed by the TRUNCATED notice")]
    public void Long_logs_are_cut()
    {
        var logs = "head" + new string('x', LogTruncation.Threshold);

        var cut = LogTruncation.Apply(logs, 10);

        Assert.Equal("headxxxxxx LOG LIMIT EXCEEDED; this execution log was TRUNCATED!", cut);
    }

    [Fact(DisplayName = "With the default max_log_length of 1,000,000 a longer log keeps exactly 1,000,000 characters plus the notice")]
    public void Default_length()
    {
        var cut = LogTruncation.Apply(new string('y', 1_500_000), 1_000_000);

        Assert.Equal(1_000_000 + LogTruncation.Notice.Length, cut.Length);
        Assert.EndsWith(LogTruncation.Notice, cut);
    }

    [Fact(DisplayName = "A max_log_length beyond the log's length keeps the whole log, still marked as truncated")]
    public void Max_length_beyond_the_log()
    {
        var logs = new string('z', LogTruncation.Threshold + 1);
        Assert.Equal(logs + LogTruncation.Notice, LogTruncation.Apply(logs, 5_000_000));
    }
}
