using System.Globalization;
using System.Security.Cryptography;
using Abaco.Core.Text;

namespace Abaco.Configuration;

/// <summary>
/// The kinds of scalar value abaco.hocon holds, each with its bounds and the requirement its error states. A key's
/// default is never here: it is the key's value in abaco.hocon.
/// </summary>
internal static class ValueRules
{
    public static readonly IReadOnlyList<string> LogLevels = ["TRACE", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"];

    private static readonly string[] TrueWords = ["true", "yes", "on"];
    private static readonly string[] FalseWords = ["false", "no", "off"];
    private static readonly string[] DockerSchemes = ["unix", "tcp", "http", "https", "npipe"];

    /// <summary>Any text, empty included (keys and secrets, where empty means "not set").</summary>
    public static readonly ValueRule<string> OptionalText = ValueRule<string>.Parsed(Verbatim, "");

    public static readonly ValueRule<string> Text = OptionalText.Where(text => text.Length > 0, "must not be empty");

    public static readonly ValueRule<bool> Flag = ValueRule<bool>.Parsed(ParseFlag,
        "must be true or false (yes/no and on/off are accepted too)");

    public static readonly ValueRule<int> Port = ValueRule<int>.Parsed(ParseInt,
            "must be a port number from 0 to 65535 (0 = any free port)")
        .Where(port => port is >= 0 and <= 65535);

    public static readonly ValueRule<TimeSpan> Duration = ValueRule<TimeSpan>.Parsed(HoconDurations.TryParse,
            "must be a positive duration with a unit, such as '500ms', '30s', '5m' or '1h'")
        .Where(duration => duration > TimeSpan.Zero);

    /// <summary>Whole seconds, or -1 for "no limit" (the original's convention for these keys).</summary>
    public static readonly ValueRule<int> SecondsOrForever = ValueRule<int>.Parsed(ParseInt,
            "must be a positive number of seconds, or -1 for no limit")
        .Where(seconds => seconds == -1 || seconds > 0);

    public static readonly ValueRule<string> LogLevel = ValueRule<string>.Parsed(ParseLogLevel,
        $"must be {Wording.Alternatives(LogLevels)} (any case)");

    public static readonly ValueRule<string> HttpUrl = Text.Where(IsHttpUrl,
        "must be an absolute http(s) URL such as 'http://172.17.0.1:8000'");

    public static readonly ValueRule<string> DockerEndpoint = Text.Where(IsDockerEndpoint,
        "must be a Docker endpoint such as 'unix:///var/run/docker.sock' or 'tcp://host:2375'");

    public static readonly ValueRule<string> MemLimit = OptionalText.Where(text => text.Length > 0 && DockerSize.IsValid(text),
        "must be a docker memory size such as '512m' or '1g' (digits with an optional unit b, k, m or g) or '-1' for unlimited");

    public static readonly ValueRule<string> LogMaxSize = Text.Where(DockerSize.IsValid,
        "must be a size such as 10m or 1g, or -1 for no limit");

    public static readonly ValueRule<long> NanoCpus = ValueRule<long>.Parsed(ParseLong,
            "must be -1 (unlimited) or a positive number of nano-CPUs (1000000000 = one CPU)")
        .Where(cpus => cpus == -1 || cpus > 0);

    /// <summary>At least 1 KiB; at most 1 MiB, well below the kernel's limit for a whole environment (ARG_MAX).</summary>
    public static readonly ValueRule<long> MessageEnvBytes = LongAtLeast(1024)
        .Where(bytes => bytes <= 1024 * 1024, "must be at most 1048576 (the whole environment of a process is limited)", Formatted);

    public static readonly ValueRule<long> PidsLimit = LongAtLeast(-1)
        .Where(pids => pids != 0, "must be a positive number of processes, or -1 for no limit", Formatted);

    public static readonly ValueRule<string> ApimPublicKey = OptionalText.Where(key => key.Length == 0 || IsRsaPublicKey(key),
        "must be an RSA public key as base64 DER (SubjectPublicKeyInfo, the PEM body without its header lines)",
        (key, _) => key.Length > 40 ? key[..40] + "..." : key);

    public static readonly ValueRule<string> TokenSigningKey = OptionalText.Where(key => key.Length == 0 || HasBytes(key, 32),
        "must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 48`)", (_, _) => "(hidden)");

    public static ValueRule<int> AtLeast(int minimum) =>
        ValueRule<int>.Parsed(ParseInt, WholeNumber(minimum)).Where(number => number >= minimum);

    public static ValueRule<long> LongAtLeast(long minimum) =>
        ValueRule<long>.Parsed(ParseLong, WholeNumber(minimum)).Where(number => number >= minimum);

    /// <summary>One of <paramref name="choices"/>, named ignoring case.</summary>
    public static ValueRule<T> Choice<T>(params (string Name, T Value)[] choices) => ValueRule<T>.Parsed(
        (string text, out T value) =>
        {
            var match = choices.FirstOrDefault(choice => string.Equals(choice.Name, text, StringComparison.OrdinalIgnoreCase));
            value = match.Value;
            return match.Name is not null;
        },
        $"must be {Wording.Alternatives(choices.Select(choice => choice.Name))}");

    private static string WholeNumber(long minimum) => $"must be a whole number of at least {minimum}";

    private static string Formatted(long value, string text) => value.ToString(CultureInfo.InvariantCulture);

    private static bool Verbatim(string text, out string value)
    {
        value = text;
        return true;
    }

    private static bool ParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool ParseLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool ParseFlag(string text, out bool value)
    {
        value = TrueWords.Contains(text, StringComparer.OrdinalIgnoreCase);
        return value || FalseWords.Contains(text, StringComparer.OrdinalIgnoreCase);
    }

    private static bool ParseLogLevel(string text, out string value)
    {
        value = LogLevels.FirstOrDefault(level => string.Equals(level, text, StringComparison.OrdinalIgnoreCase)) ?? "";
        return value.Length > 0;
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsDockerEndpoint(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && DockerSchemes.Contains(uri.Scheme);

    private static bool IsRsaPublicKey(string base64)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(base64), out _);
            return true;
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    private static bool HasBytes(string base64, int minimum)
    {
        try
        {
            return Convert.FromBase64String(base64).Length >= minimum;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
