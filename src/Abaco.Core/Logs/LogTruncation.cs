namespace Abaco.Core.Logs;

/// <summary>
/// The original's cap on stored logs (original-abaco.md §3.5, <c>Execution.set_logs</c>): logs longer than
/// <see cref="Threshold"/> characters keep their first <c>web.max_log_length</c> characters followed by
/// <see cref="Notice"/>. The threshold is fixed, whatever <c>max_log_length</c> says, as in the original.
/// </summary>
public static class LogTruncation
{
    public const int Threshold = 1_000_000;

    public const string Notice = " LOG LIMIT EXCEEDED; this execution log was TRUNCATED!";

    public static string Apply(string logs, int maxLogLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxLogLength);
        if (logs.Length <= Threshold) return logs;
        return string.Concat(logs.AsSpan(0, Math.Min(maxLogLength, logs.Length)), Notice);
    }
}
