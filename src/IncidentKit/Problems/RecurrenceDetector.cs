using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Problems;

/// <summary>Finds recurring incidents and suggests problems for them: at least <see cref="RecurrenceOptions.MinIncidents"/>
/// incidents sharing a service and category, or an alert fingerprint, opened within <see cref="RecurrenceOptions.WindowDays"/>.</summary>
/// <remarks>
/// <para>Per key, an incident is evidence when it lies in some window [t, t + D] (D the window, both ends inclusive) that holds at
/// least N incidents of the key; one suggestion per key lists all of them, so two bursts of the same key make one suggestion.
/// An incident without a service or without a category has no service-and-category key; an incident linked to several alerts
/// counts towards each. Exercises are left out unless <see cref="RecurrenceOptions.IncludeExercises"/> is set, as in the metrics.</para>
/// <para>Suggestions whose every incident is linked to one of the <c>known</c> problems already are left out. The result is ordered by
/// evidence count (most first), then first opening, then key.</para>
/// <para>Implementation note: per key, incidents are sorted by opening once and swept with two pointers, marking each qualifying
/// window's range in a difference array: O(n log n) for n incident-key pairs.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class RecurrenceDetector
{
    private readonly int _minIncidents;
    private readonly Duration _window;
    private readonly bool _byServiceAndCategory;
    private readonly bool _byAlert;
    private readonly bool _includeExercises;

    /// <summary>Initializes a detector.</summary>
    /// <param name="options">The options; copied and validated here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public RecurrenceDetector(RecurrenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _minIncidents = options.MinIncidents;
        _window = Duration.FromDays(options.WindowDays);
        _byServiceAndCategory = options.ByServiceAndCategory;
        _byAlert = options.ByAlertFingerprint;
        _includeExercises = options.IncludeExercises;
    }

    /// <summary>Returns the problems the incidents suggest.</summary>
    /// <param name="occurrences">The incidents, in any order; an incident given twice counts once; exercises are skipped unless
    /// <see cref="RecurrenceOptions.IncludeExercises"/> was set.</param>
    /// <param name="known">Problems already open or closed: a suggestion whose incidents they all link is left out.</param>
    /// <returns>The suggestions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="occurrences"/> is null.</exception>
    public IReadOnlyList<ProblemSuggestion> Detect(IEnumerable<IncidentOccurrence> occurrences, IEnumerable<Problem>? known = null)
    {
        ArgumentNullException.ThrowIfNull(occurrences);
        var groups = new Dictionary<RecurrenceKey, Dictionary<IncidentId, Instant>>();
        foreach (var o in occurrences)
        {
            ArgumentNullException.ThrowIfNull(o, nameof(occurrences));
            if (o.IsExercise && !_includeExercises)
            {
                continue;
            }

            foreach (var key in KeysOf(o))
            {
                if (!groups.TryGetValue(key, out var members))
                {
                    groups[key] = members = [];
                }

                members.TryAdd(o.Incident, o.OpenedAt);
            }
        }

        var linked = new HashSet<IncidentId>((known ?? []).SelectMany(p => p.Incidents));
        var suggestions = new List<ProblemSuggestion>();
        foreach (var (key, members) in groups)
        {
            if (members.Count < _minIncidents)
            {
                continue;
            }

            var evidence = Sweep(members);
            if (evidence.Count > 0 && !evidence.All(e => linked.Contains(e.Incident)))
            {
                suggestions.Add(new ProblemSuggestion(key, evidence));
            }
        }

        return [.. suggestions
            .OrderByDescending(s => s.Evidence.Count)
            .ThenBy(s => s.FirstOpenedAt)
            .ThenBy(s => s.Key.ToString(), StringComparer.Ordinal)];
    }

    private IEnumerable<RecurrenceKey> KeysOf(IncidentOccurrence o)
    {
        if (_byServiceAndCategory && !string.IsNullOrEmpty(o.Service) && o.Category is { } category)
        {
            yield return new RecurrenceKey(RecurrenceKind.ServiceAndCategory, o.Service, category, null);
        }

        if (_byAlert)
        {
            foreach (var alert in o.Alerts)
            {
                yield return new RecurrenceKey(RecurrenceKind.AlertFingerprint, null, null, alert);
            }
        }
    }

    private List<RecurrenceEvidence> Sweep(Dictionary<IncidentId, Instant> members)
    {
        var sorted = members.Select(m => new RecurrenceEvidence(m.Key, m.Value))
            .OrderBy(e => e.OpenedAt).ThenBy(e => e.Incident.Value).ToArray();

        // marks[i] accumulates +1 where a qualifying window starts and -1 just past where it ends.
        var marks = new int[sorted.Length + 1];
        var right = 0;
        for (var left = 0; left < sorted.Length; left++)
        {
            var end = sorted[left].OpenedAt + _window;
            right = Math.Max(right, left);
            while (right < sorted.Length && sorted[right].OpenedAt <= end)
            {
                right++;
            }

            if (right - left >= _minIncidents)
            {
                marks[left]++;
                marks[right]--;
            }
        }

        var evidence = new List<RecurrenceEvidence>();
        var depth = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            depth += marks[i];
            if (depth > 0)
            {
                evidence.Add(sorted[i]);
            }
        }

        return evidence;
    }
}
