using System.Buffers;
using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Holds a tenant's maintenance windows and finds, fast, whether one silences an alert now and until when.</summary>
/// <remarks>
/// <para>When several windows silence an alert, <see cref="FindOrNull"/> returns the first of them in the order the set was given.
/// With overlapping or back-to-back windows, <see cref="SilencedUntil"/> follows the chain to the first instant no matching window
/// is in force.</para>
/// <para>Implementation note: each window is filed once, per tenant, under one label it cannot match without: an equality
/// matcher's name and value (looked up by the alert's value), else a regular expression's name and literal prefix (found by
/// binary search over the prefixes of the alert's value), else any matcher that refuses the empty value (a label the alert
/// must carry). A lookup then asks the alert for each label name the tenant's windows are filed under (not the other way
/// round, so the alert's label count does not matter) and checks only the windows filed there; only windows whose every
/// matcher accepts an absent label are checked every time. Lookups allocate nothing.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class SilenceSet
{
    // Candidates are window positions; up to this many sit on the stack, more are rented.
    private const int StackCandidates = 128;
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    private readonly MaintenanceWindow[] _all;
    private readonly Dictionary<TenantId, TenantIndex> _tenants;

    /// <summary>Initializes a set.</summary>
    /// <param name="windows">The windows, of any tenants.</param>
    /// <exception cref="ArgumentNullException"><paramref name="windows"/> is null.</exception>
    public SilenceSet(IEnumerable<MaintenanceWindow> windows)
    {
        Guard.Against.Null(windows);
        _all = [.. windows];
        Windows = Array.AsReadOnly(_all);
        _tenants = Enumerable.Range(0, _all.Length)
            .GroupBy(i => _all[i].Tenant)
            .ToDictionary(g => g.Key, g => TenantIndex.Build(_all, [.. g]));
    }

    /// <summary>Gets an empty set.</summary>
    public static SilenceSet Empty { get; } = new([]);

    /// <summary>Gets every window, in the order given.</summary>
    public IReadOnlyList<MaintenanceWindow> Windows { get; }

    /// <summary>Returns the first window (in the order given) that silences an alert of a tenant at an instant, or <see langword="null"/>.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="labels">The alert's labels.</param>
    /// <param name="at">The instant.</param>
    /// <returns>A silencing window, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    public MaintenanceWindow? FindOrNull(TenantId tenant, IReadOnlyDictionary<string, string> labels, Instant at) =>
        Evaluate(tenant, labels, at, followChain: false).First;

    /// <summary>Returns until when an alert stays silenced from an instant on, or <see langword="null"/> when it is not silenced then.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="labels">The alert's labels.</param>
    /// <param name="at">The instant.</param>
    /// <returns>The first instant at which no matching window is in force, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="labels"/> is null.</exception>
    public Instant? SilencedUntil(TenantId tenant, IReadOnlyDictionary<string, string> labels, Instant at) =>
        Evaluate(tenant, labels, at, followChain: true).Until;

    // Finds the windows whose matchers accept the labels (label checks, regexes among them, run once), then either the first of
    // them in force at the instant, or the end of the chain of overlapping and back-to-back windows from it.
    private (MaintenanceWindow? First, Instant? Until) Evaluate(TenantId tenant, IReadOnlyDictionary<string, string> labels, Instant at, bool followChain)
    {
        Guard.Against.Null(labels);
        if (!_tenants.TryGetValue(tenant, out var index))
        {
            return default;
        }

        int[]? rented = null;
        Span<int> candidates = index.MaxCandidates <= StackCandidates
            ? stackalloc int[StackCandidates]
            : (rented = ArrayPool<int>.Shared.Rent(index.MaxCandidates));
        try
        {
            var count = 0;
            foreach (var i in candidates[..index.Candidates(labels, candidates)])
            {
                if (_all[i].Matches(labels))
                {
                    candidates[count++] = i;
                }
            }

            if (!followChain)
            {
                var best = int.MaxValue;
                foreach (var i in candidates[..count])
                {
                    if (i < best && _all[i].ActiveUntil(at) is not null)
                    {
                        best = i;
                    }
                }

                return (best == int.MaxValue ? null : _all[best], null);
            }

            Instant? until = null;
            var t = at;

            // Bounded so that a pathological set cannot loop for ever.
            for (var hop = 0; hop < 64 && count > 0; hop++)
            {
                Instant? next = null;
                foreach (var i in candidates[..count])
                {
                    if (_all[i].ActiveUntil(t) is { } end && (next is null || end > next))
                    {
                        next = end;
                    }
                }

                if (next is null)
                {
                    break;
                }

                until = next;
                t = next.Value;
            }

            return (null, until);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<int>.Shared.Return(rented);
            }
        }
    }

    // The one label a window cannot match without, and how it is filed under it: by exact value, by a regex's literal prefixes (one
    // per top-level branch; an empty prefix when the matcher only refuses the empty value), or not at all (null: checked for every
    // alert). A window filed under several prefixes is found by at most one of them for any value (none is a prefix of another).
    internal static (string Name, IReadOnlyList<string> Texts, bool Exact)? FilingOf(MaintenanceWindow window)
    {
        var matchers = window.Matchers;
        foreach (var m in matchers)
        {
            if (m.Operator == MatchOperator.Equal && m.Value.Length > 0)
            {
                return (m.Name, [m.Value], true);
            }
        }

        (string Name, IReadOnlyList<string> Texts, bool Exact)? best = null;
        foreach (var m in matchers)
        {
            // Prefer the matcher whose shortest prefix is longest: it narrows the candidates most.
            if (m.LiteralPrefixes is { Count: > 0 } prefixes && prefixes.Min(p => p.Length) > (best?.Texts.Min(p => p.Length) ?? 0))
            {
                best = (m.Name, prefixes, false);
            }
        }

        if (best is not null)
        {
            return best;
        }

        foreach (var m in matchers)
        {
            // A label the alert does not carry reads as the empty value: a matcher that refuses it needs the label.
            if (!m.Matches(NoLabels))
            {
                return (m.Name, [""], false);
            }
        }

        return null;
    }

    // One tenant's windows, filed by label name.
    private sealed class TenantIndex
    {
        private readonly LabelIndex[] _labels;
        private readonly int[] _scanned;

        private TenantIndex(LabelIndex[] labels, int[] scanned)
        {
            _labels = labels;
            _scanned = scanned;
            MaxCandidates = scanned.Length + labels.Sum(l => l.MaxCandidates);
        }

        // At most this many candidates come out of one lookup.
        public int MaxCandidates { get; }

        public static TenantIndex Build(MaintenanceWindow[] all, int[] positions)
        {
            var scanned = new List<int>();
            var byName = new Dictionary<string, List<(string Text, bool Exact, int Position)>>(StringComparer.Ordinal);
            foreach (var i in positions)
            {
                if (FilingOf(all[i]) is not { } filing)
                {
                    scanned.Add(i);
                    continue;
                }

                if (!byName.TryGetValue(filing.Name, out var filed))
                {
                    byName[filing.Name] = filed = [];
                }

                foreach (var text in filing.Texts)
                {
                    filed.Add((text, filing.Exact, i));
                }
            }

            return new TenantIndex([.. byName.Select(e => LabelIndex.Build(e.Key, e.Value))], [.. scanned]);
        }

        // Writes the positions of the windows that may match the labels (each once) and returns how many.
        public int Candidates(IReadOnlyDictionary<string, string> labels, Span<int> into)
        {
            _scanned.CopyTo(into);
            var count = _scanned.Length;
            foreach (var label in _labels)
            {
                if (labels.TryGetValue(label.Name, out var value))
                {
                    count = label.Candidates(value, into, count);
                }
            }

            return count;
        }
    }

    // The windows filed under one label name: by exact value in a dictionary, by literal prefix in an array sorted by prefix.
    private sealed class LabelIndex
    {
        private readonly Dictionary<string, int[]> _exact;
        private readonly string[] _prefixes;
        private readonly int[] _prefixed;
        private readonly int[] _prefixLengths;

        private LabelIndex(string name, Dictionary<string, int[]> exact, string[] prefixes, int[] prefixed)
        {
            Name = name;
            _exact = exact;
            _prefixes = prefixes;
            _prefixed = prefixed;
            _prefixLengths = [.. prefixes.Select(p => p.Length).Distinct().OrderDescending()];
            MaxCandidates = prefixed.Length + (exact.Count == 0 ? 0 : exact.Values.Max(v => v.Length));
        }

        public string Name { get; }

        public int MaxCandidates { get; }

        public static LabelIndex Build(string name, List<(string Text, bool Exact, int Position)> filed)
        {
            var exact = filed.Where(f => f.Exact).GroupBy(f => f.Text, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.Position).ToArray(), StringComparer.Ordinal);
            var prefixed = filed.Where(f => !f.Exact).OrderBy(f => f.Text, StringComparer.Ordinal).ToArray();
            return new LabelIndex(name, exact, [.. prefixed.Select(f => f.Text)], [.. prefixed.Select(f => f.Position)]);
        }

        public int Candidates(string value, Span<int> into, int count)
        {
            if (_exact.Count > 0 && _exact.TryGetValue(value, out var exact))
            {
                exact.CopyTo(into[count..]);
                count += exact.Length;
            }

            // Every prefix of the value that windows are filed under: one binary search per distinct prefix length.
            foreach (var length in _prefixLengths)
            {
                if (length > value.Length)
                {
                    continue;
                }

                var prefix = value.AsSpan(0, length);
                for (var i = LowerBound(prefix); i < _prefixes.Length && prefix.SequenceEqual(_prefixes[i]); i++)
                {
                    into[count++] = _prefixed[i];
                }
            }

            return count;
        }

        // The first position whose prefix is not ordinally before the text.
        private int LowerBound(ReadOnlySpan<char> text)
        {
            int lo = 0, hi = _prefixes.Length;
            while (lo < hi)
            {
                var mid = (int)((uint)(lo + hi) >> 1);
                if (_prefixes[mid].AsSpan().SequenceCompareTo(text) < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }
}
