using System.Text;

namespace Abaco.Admin;

/// <summary>
/// The shell's line reader on a terminal: typing, Backspace, Tab completion (<see cref="Completion"/>), Up/Down through
/// the history (kept in <c>~/.abaco_admin_history</c>). Without a terminal the shell reads plain lines instead.
/// </summary>
internal sealed class LineEditor
{
    private const int HistoryLimit = 500;
    private readonly List<string> _history;
    private readonly string _historyFile =
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".abaco_admin_history");

    public LineEditor() => _history = File.Exists(_historyFile) ? [.. File.ReadAllLines(_historyFile).TakeLast(HistoryLimit)] : [];

    public string? ReadLine(string prompt)
    {
        Console.Write(prompt);
        var line = new StringBuilder();
        var recalled = _history.Count;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    Remember(line.ToString());
                    return line.ToString();
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && line.Length == 0:
                    Console.WriteLine();
                    return null;
                case ConsoleKey.Backspace when line.Length > 0:
                    line.Length--;
                    Console.Write("\b \b");
                    break;
                case ConsoleKey.Tab:
                    var candidates = Completion.Candidates(line.ToString());
                    if (candidates.Count > 1) Console.Write("\n" + string.Join("  ", candidates) + "\n" + prompt + line);
                    Replace(line, Completion.Complete(line.ToString(), candidates));
                    break;
                case ConsoleKey.UpArrow when recalled > 0:
                    Replace(line, _history[--recalled]);
                    break;
                case ConsoleKey.DownArrow when recalled < _history.Count:
                    recalled++;
                    Replace(line, recalled == _history.Count ? "" : _history[recalled]);
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        line.Append(key.KeyChar);
                        Console.Write(key.KeyChar);
                    }
                    break;
            }
        }
    }

    private static void Replace(StringBuilder line, string text)
    {
        Console.Write(new string('\b', line.Length) + new string(' ', line.Length) + new string('\b', line.Length) + text);
        line.Clear().Append(text);
    }

    private void Remember(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || (_history.Count > 0 && _history[^1] == line)) return;
        _history.Add(line);
        try
        {
            File.AppendAllLines(_historyFile, [line]);
        }
        catch (IOException)
        {
            // A history that cannot be saved is only lost at exit.
        }
    }
}
