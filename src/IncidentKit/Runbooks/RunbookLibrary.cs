using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Runbooks;

/// <summary>Holds the runbooks a team keeps, the latest version of each id, and selects the one for an incident.</summary>
/// <remarks>Selection picks the runbook whose selector matches most specifically (<see cref="RunbookSelector.Score"/>); ties go to
/// the lower id (ordinal), so the answer never depends on the order runbooks were added.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class RunbookLibrary
{
    private readonly Dictionary<string, Runbook> _byId;

    /// <summary>Initializes a library; of several versions of one id, the highest is kept.</summary>
    /// <param name="runbooks">The runbooks.</param>
    /// <exception cref="ArgumentNullException"><paramref name="runbooks"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">Two runbooks share an id and a version.</exception>
    public RunbookLibrary(IEnumerable<Runbook> runbooks)
    {
        Guard.Against.Null(runbooks);
        _byId = new Dictionary<string, Runbook>(StringComparer.Ordinal);
        foreach (var runbook in runbooks)
        {
            Guard.Against.Null(runbook, nameof(runbooks));
            if (_byId.TryGetValue(runbook.Id, out var held))
            {
                if (held.Version == runbook.Version)
                {
                    throw new ArgumentException($"Runbook '{runbook.Id}' version {runbook.Version} is given twice.", nameof(runbooks));
                }

                if (held.Version > runbook.Version)
                {
                    continue;
                }
            }

            _byId[runbook.Id] = runbook;
        }
    }

    /// <summary>Gets the latest version of every runbook, by id.</summary>
    public IReadOnlyDictionary<string, Runbook> Runbooks => _byId;

    /// <summary>Returns the runbook that matches most specifically, or <see langword="null"/> when none does.</summary>
    /// <param name="category">The incident's category, if any.</param>
    /// <param name="service">The incident's service, if any.</param>
    /// <param name="labels">The labels of the alert behind the incident, if any.</param>
    /// <returns>The runbook, or <see langword="null"/>.</returns>
    public Runbook? FindOrNull(CategoryPath? category, string? service, IReadOnlyDictionary<string, string>? labels = null) =>
        _byId.Values
            .Select(r => (Runbook: r, Score: r.Selector.Score(category, service, labels)))
            .Where(x => x.Score >= 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Runbook.Id, StringComparer.Ordinal)
            .Select(x => x.Runbook)
            .FirstOrDefault();

    /// <summary>Attaches the matching runbook to an open incident that has none, or whose category changed since its runbook was
    /// attached; does nothing when the match is the runbook version attached already, or nothing matches.</summary>
    /// <param name="incident">The incident; the event is recorded on it.</param>
    /// <param name="at">When.</param>
    /// <param name="labels">The labels of the alert behind the incident, if known.</param>
    /// <returns><see langword="true"/> when a runbook was attached now.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="at"/> precedes the opening.</exception>
    public bool AttachMatching(Incident incident, NodaTime.Instant at, IReadOnlyDictionary<string, string>? labels = null)
    {
        Guard.Against.Null(incident);
        if (!incident.IsOpen)
        {
            return false;
        }

        var events = incident.Events;
        var lastAttached = -1;
        var lastRecategorised = -1;
        for (var i = 0; i < events.Count; i++)
        {
            lastAttached = events[i] is RunbookAttached ? i : lastAttached;
            lastRecategorised = events[i] is IncidentRecategorised ? i : lastRecategorised;
        }

        if (lastAttached >= 0 && lastRecategorised < lastAttached)
        {
            return false;
        }

        if (FindOrNull(incident.Category, incident.Service, labels) is not { } runbook)
        {
            return false;
        }

        if (incident.AttachedRunbook is { } attached && attached.Id == runbook.Id && attached.Version == runbook.Version)
        {
            return false;
        }

        var why = incident.Category is { } c ? $"Selected for category {c}"
            : incident.Service is { } s ? $"Selected for service {s}" : "Selected by alert labels";
        incident.AttachRunbook(runbook.ToSnapshot(), lastAttached >= 0 ? why + " after recategorisation." : why + ".", at, UserId.System);
        return true;
    }
}
