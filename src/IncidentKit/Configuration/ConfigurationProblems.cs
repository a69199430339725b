namespace IncidentKit.Configuration;

// Collects the problems of one document, each with its JSON path, and lists them in document order. The shape pass records
// where each path sits in the document, which values it already refused (so validation does not report them again, e.g. as
// "required"), and which paths were written in a short form (so "$.fallback.policy" is reported where it was written: "$.fallback").
internal sealed class ConfigurationProblems
{
    private readonly List<(string Path, string Line, int Order)> _items = [];
    private readonly Dictionary<string, int> _order = new(StringComparer.Ordinal);
    private readonly List<string> _refused = [];
    private readonly List<(string From, string To)> _aliases = [];

    public int Count => _items.Count;

    public void Visit(string path) => _order.TryAdd(path, _order.Count);

    public void Refuse(string path) => _refused.Add(path);

    public void Alias(string from, string to) => _aliases.Add((from, to));

    // Adds "{path}{rest}", where rest starts with ": " or another separator (" ('name'): ").
    public void Add(string path, string rest)
    {
        path = Resolve(path);
        if (_refused.Exists(r => Within(path, r)))
        {
            return;
        }

        _items.Add((path, path + rest, _items.Count));
    }

    public void Add(string line)
    {
        int end = line.IndexOf(": ", StringComparison.Ordinal);
        int named = line.IndexOf(" (", StringComparison.Ordinal);
        end = named >= 0 && (end < 0 || named < end) ? named : end;
        if (end < 0)
        {
            Add("$", ": " + line);
        }
        else
        {
            Add(line[..end], line[end..]);
        }
    }

    public List<string> Lines() =>
        [.. _items.OrderBy(i => OrderOf(i.Path)).ThenBy(i => i.Order).Select(i => i.Line)];

    private string Resolve(string path)
    {
        for (int i = _aliases.Count - 1; i >= 0; i--)
        {
            var (from, to) = _aliases[i];
            if (Within(path, from))
            {
                path = to + path[from.Length..];
            }
        }

        return path;
    }

    private int OrderOf(string path)
    {
        while (true)
        {
            if (_order.TryGetValue(path, out int order))
            {
                return order;
            }

            int cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
            if (cut <= 0)
            {
                return -1;
            }

            path = path[..cut];
        }
    }

    private static bool Within(string path, string ancestor) =>
        path.StartsWith(ancestor, StringComparison.Ordinal)
        && (path.Length == ancestor.Length || path[ancestor.Length] is '.' or '[');
}
