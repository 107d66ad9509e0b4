using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Abaco.Configuration;

/// <summary>What a HOCON path holds. Akka's <c>Config</c> getters return "" instead of failing on a mismatch.</summary>
internal enum HoconKind
{
    Missing,
    Scalar,
    List,
    Object,
}

internal static class HoconValues
{
    public static HoconKind KindAt(Config config, string path)
    {
        if (!config.HasPath(path))
        {
            return HoconKind.Missing;
        }

        var value = config.GetValue(path);
        return KindOf(value);
    }

    public static HoconKind KindOf(HoconValue? value)
    {
        if (value is null)
        {
            return HoconKind.Missing;
        }

        // An empty array merged from a fallback answers IsArray() == false, so look at the elements themselves.
        if (value.Values.Any(element => element is HoconObject))
        {
            return HoconKind.Object;
        }

        return value.Values.Any(element => element is HoconArray) ? HoconKind.List : HoconKind.Scalar;
    }

    /// <summary>The keys directly under an object path (merged over every fallback layer), in file order.</summary>
    public static IReadOnlyList<string> KeysOf(Config config, string path) =>
        KindAt(config, path) == HoconKind.Object
            ? config.GetConfig(path).AsEnumerable().Select(pair => pair.Key).ToList()
            : [];

    /// <summary>Writes <paramref name="text"/> as a quoted HOCON string, so no character is interpreted.</summary>
    public static string Quote(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 2);
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append(' ');
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
        return builder.ToString();
    }
}
