using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Simulation;

// One incident of a run: the real Incident aggregate plus what the simulator tallies about it. Once concluded (and not owned by
// an alert group, which may reopen it) the aggregate is let go, so a year of incidents does not stay in memory.
internal sealed class SimulatedIncident(int index, Incident incident, ulong key, DelayDistribution resolveAfter, string? group, bool timeline)
{
    private Incident? _incident = incident;
    private Dictionary<UserId, int>? _pagesTo;
    private int _taken;

    public int Index { get; } = index;

    public string Number { get; } = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SIM-{index + 1:0000}");

    public Incident Incident => _incident ?? throw new InvalidOperationException($"{Number} was concluded and released.");

    public ulong Key { get; } = key;

    public DelayDistribution ResolveAfter { get; } = resolveAfter;

    public string? Group { get; } = group;

    public List<(Instant At, string Text)>? Timeline { get; } = timeline ? [] : null;

    public IncidentOutcome? Outcome { get; set; }

    public int Seen { get; set; }

    public Instant? WakeAt { get; set; }

    public int WakeGeneration { get; set; }

    public Instant? RemindedFor { get; set; }

    public UserId? Owner { get; set; }

    public int Depth { get; set; }

    public int Pages { get; set; }

    public int NightPages { get; set; }

    public int Unreachable { get; set; }

    public List<string> Breaches { get; } = [];

    public int PagesTo(UserId person)
    {
        _pagesTo ??= [];
        var n = _pagesTo.GetValueOrDefault(person) + 1;
        _pagesTo[person] = n;
        return n;
    }

    public void Write(Instant at, string text) => Timeline?.Add((at, text));

    public IEnumerable<(Instant At, string Text)> TakeNew()
    {
        if (Timeline is null)
        {
            yield break;
        }

        while (_taken < Timeline.Count)
        {
            yield return Timeline[_taken++];
        }
    }

    public bool IsKept => _incident is not null;

    public void Release()
    {
        _incident = null;
        _pagesTo = null;
    }
}
