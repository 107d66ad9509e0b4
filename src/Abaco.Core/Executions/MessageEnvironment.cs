using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;

namespace Abaco.Core.Executions;

/// <summary>
/// What a message POST may put into the actor's container environment. Its query parameters become variables (as
/// in the original Abaco), so whoever may send a message would otherwise choose part of the environment of code that
/// runs with the owner's token and secrets. The rules, checked before anything is queued:
/// <list type="bullet">
/// <item>a name must be an environment name (<c>[A-Za-z_][A-Za-z0-9_]*</c>); <c>x-nonce</c>, the original's
/// credential parameter that actor SDKs read back, is the one exception;</item>
/// <item>names Abaco sets itself (<c>MSG</c>, <c>_actor_configs</c>, every <c>_abaco_*</c> but the control
/// parameter <c>_abaco_synchronous</c>) are refused, never silently overridden;</item>
/// <item>protected names (loader and interpreter hooks, <c>PATH</c>, proxies ...; <c>web.protected_env_names</c>,
/// a trailing <c>*</c> matches a prefix) only for the actor's owner and admins, never through a nonce;</item>
/// <item>no value (nor <c>MSG</c>) may hold a NUL (the container would not start), no variable may exceed the
/// kernel's limit for one string (<see cref="MaxVariableBytes"/>), and the message's variables together (MSG
/// included) may not exceed <c>web.max_message_env_bytes</c>.</item>
/// </list>
/// </summary>
public static partial class MessageEnvironment
{
    public const string SynchronousParameter = "_abaco_synchronous";
    public const string NonceParameter = "x-nonce";
    public const string PlatformPrefix = "_abaco_";

    /// <summary>Linux refuses to exec a process with any one <c>NAME=value</c> string longer than this (NUL included).</summary>
    public const int MaxVariableBytes = 128 * 1024;

    /// <summary>
    /// The default of <c>web.protected_env_names</c>: variables that make a loader, shell or interpreter run code or
    /// load libraries of the caller's choosing, or redirect the container's traffic (and its token) elsewhere.
    /// </summary>
    public static readonly ImmutableArray<string> DefaultProtectedNames =
    [
        "LD_*", "GCONV_PATH", "GLIBC_TUNABLES", "LOCPATH", "NLSPATH", "HOSTALIASES", "RES_OPTIONS", "LOCALDOMAIN",
        "PATH", "HOME", "TMPDIR", "IFS", "CDPATH", "ENV", "BASH_ENV", "SHELLOPTS", "BASHOPTS", "PS4", "PROMPT_COMMAND",
        "PYTHON*", "NODE_OPTIONS", "NODE_PATH", "PERL*", "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
        "JDK_JAVA_OPTIONS", "CLASSPATH", "DOTNET_*", "CORECLR_*", "COMPlus_*", "R_PROFILE*", "R_ENVIRON*", "R_LIBS*",
        "LUA_INIT*", "LUA_PATH*", "LUA_CPATH*", "PHPRC", "PHP_INI_SCAN_DIR", "GIT_*", "SSL_CERT_*",
        "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSLKEYLOGFILE", "http_proxy", "https_proxy", "ftp_proxy",
        "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "ALL_PROXY", "NO_PROXY",
    ];

    /// <summary>Names Abaco sets itself besides the <c>_abaco_*</c> family.</summary>
    public static readonly ImmutableHashSet<string> PlatformNames = ["MSG", "_actor_configs"];

    /// <summary>
    /// Whether the caller may set protected names: the actor's owner or an admin, authenticated by their own
    /// credential. A nonce authenticates as its creator, so nonce holders never may.
    /// </summary>
    public static bool MaySetProtectedNames(string caller, bool callerIsAdmin, bool viaNonce, string owner) =>
        !viaNonce && (callerIsAdmin || string.Equals(caller, owner, StringComparison.Ordinal));

    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    /// <summary>Whether Abaco sets <paramref name="name"/> itself (the message may not).</summary>
    public static bool IsPlatformName(string name) =>
        PlatformNames.Contains(name) ||
        (name.StartsWith(PlatformPrefix, StringComparison.Ordinal) && name != SynchronousParameter);

    /// <summary>Whether <paramref name="name"/> matches a pattern of the list (exact, or a prefix before a trailing <c>*</c>).</summary>
    public static bool IsProtected(string name, IEnumerable<string> patterns) =>
        patterns.Any(p => p.EndsWith('*')
            ? name.StartsWith(p[..^1], StringComparison.Ordinal)
            : string.Equals(name, p, StringComparison.Ordinal));

    /// <summary>
    /// The refusal (a message for a 400, naming the parameter) or null when the message's environment is acceptable.
    /// </summary>
    /// <param name="parameters">The query parameters that become variables (the <c>message</c> field excluded).</param>
    /// <param name="msg"><c>MSG</c> as the container would get it; null for a binary message (no <c>MSG</c>).</param>
    public static string? Check(IEnumerable<KeyValuePair<string, string>> parameters, string? msg,
        bool maySetProtected, IReadOnlyCollection<string> protectedNames, long maxTotalBytes)
    {
        long total = 0;
        foreach (var (name, value) in parameters)
        {
            if (name != NonceParameter && !IsValidName(name))
                return $"Invalid query parameter '{Shown(name)}': query parameters become environment variables, so a " +
                       "name must start with a letter or '_' and hold only letters, digits and '_'.";
            if (IsPlatformName(name))
                return $"Invalid query parameter '{name}': Abaco sets this environment variable itself.";
            if (!maySetProtected && IsProtected(name, protectedNames))
                return $"Invalid query parameter '{name}': only the actor's owner may set this environment variable.";
            if (value.Contains('\0'))
                return $"Invalid query parameter '{name}': the value may not contain a NUL character.";
            var bytes = Bytes(name, value);
            if (bytes > MaxVariableBytes)
                return $"Invalid query parameter '{name}': the variable takes {bytes} bytes; at most {MaxVariableBytes} fit in an environment variable.";
            total += bytes;
        }
        if (msg is not null)
        {
            if (msg.Contains('\0'))
                return "Invalid message: a message given as text may not contain a NUL character; send binary data as application/octet-stream.";
            var bytes = Bytes("MSG", msg);
            if (bytes > MaxVariableBytes)
                return $"Invalid message: it takes {bytes} bytes in the MSG environment variable; at most {MaxVariableBytes} fit. " +
                       "Send larger data as application/octet-stream.";
            total += bytes;
        }
        return total > maxTotalBytes
            ? $"Invalid message: its environment variables (query parameters and MSG) take {total} bytes; at most {maxTotalBytes} are allowed (web.max_message_env_bytes)."
            : null;
    }

    /// <summary>Bytes of <c>NAME=value\0</c> as the kernel counts them.</summary>
    private static long Bytes(string name, string value) =>
        Encoding.UTF8.GetByteCount(name) + 1L + Encoding.UTF8.GetByteCount(value) + 1L;

    private static string Shown(string name) => name.Length > 64 ? name[..64] + "..." : name.Replace("\0", "\\0");

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex ValidName();
}
