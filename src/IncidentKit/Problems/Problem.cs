using System.Text.Json.Serialization;
using Ardalis.GuardClauses;
using IncidentKit.Guards;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Problems;

/// <summary>Tracks one problem (ITIL problem management): the underlying cause of one or more incidents, its root cause,
/// workaround, owner and state, with an audit entry for every change.</summary>
/// <remarks>
/// <para>Immutable: each change returns a new instance with one more <see cref="History"/> entry (who, when, what), so a stored
/// problem carries its own audit trail. Changes are checked before they are made and never half-applied.</para>
/// <para>States move open → known error (needs a root cause or a workaround), open or known error → resolved (needs a
/// resolution note), and resolved → open (reopened with a reason); everything else throws
/// <see cref="InvalidProblemTransitionException"/>. A change may not be dated before the problem's last entry.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class Problem
{
    /// <summary>The most characters a title may have.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The most characters a root cause, workaround, resolution or reason may have.</summary>
    public const int MaxTextLength = 4000;

    /// <summary>The most incidents one problem may link.</summary>
    public const int MaxIncidents = 1000;

    private static readonly ProblemState[] FromOpen = [ProblemState.KnownError, ProblemState.Resolved];
    private static readonly ProblemState[] FromKnownError = [ProblemState.Resolved];
    private static readonly ProblemState[] FromResolved = [ProblemState.Open];

    [JsonConstructor]
    internal Problem(ProblemId id, TenantId tenant, string title, ProblemState state, UserId owner, string? rootCause, string? workaround,
        string? resolution, IReadOnlyList<IncidentId> incidents, IReadOnlyList<ProblemEntry> history)
    {
        Id = id;
        Tenant = tenant;
        Title = title;
        State = state;
        Owner = owner;
        RootCause = rootCause;
        Workaround = workaround;
        Resolution = resolution;
        Incidents = incidents;
        History = history;
    }

    /// <summary>Gets the problem's id.</summary>
    public ProblemId Id { get; }

    /// <summary>Gets the tenant the problem belongs to.</summary>
    public TenantId Tenant { get; }

    /// <summary>Gets the one-line title.</summary>
    public string Title { get; }

    /// <summary>Gets the state.</summary>
    public ProblemState State { get; }

    /// <summary>Gets the person accountable for the problem.</summary>
    public UserId Owner { get; }

    /// <summary>Gets the documented root cause, or null while unknown.</summary>
    public string? RootCause { get; }

    /// <summary>Gets the documented workaround, or null when none is known.</summary>
    public string? Workaround { get; }

    /// <summary>Gets the note of how the cause was removed, or null while not resolved.</summary>
    public string? Resolution { get; }

    /// <summary>Gets the linked incidents, in the order they were linked.</summary>
    public IReadOnlyList<IncidentId> Incidents { get; }

    /// <summary>Gets the audit trail, oldest first; the first entry is <see cref="ProblemEntryKind.Opened"/>.</summary>
    public IReadOnlyList<ProblemEntry> History { get; }

    /// <summary>Gets when the problem was opened.</summary>
    [JsonIgnore]
    public Instant OpenedAt => History[0].At;

    /// <summary>Gets when the problem last changed.</summary>
    [JsonIgnore]
    public Instant LastChangedAt => History[^1].At;

    /// <summary>Returns whether the problem was unresolved at some instant of a period, from its audit trail: open or a known
    /// error from its opening (or a reopening) until its resolution.</summary>
    /// <param name="period">The period, [start, end); either end may be open.</param>
    /// <returns><see langword="true"/> when an unresolved span of the problem overlaps the period.</returns>
    /// <remarks>Edits after a resolution (a root cause recorded later, say) leave it resolved; a resolution exactly at the period's
    /// start means it was not open during it.</remarks>
    public bool WasUnresolvedDuring(Interval period)
    {
        var start = period.HasStart ? period.Start : Instant.MinValue;
        var end = period.HasEnd ? period.End : Instant.MaxValue;
        Instant? since = null;
        foreach (var entry in History)
        {
            switch (entry.Kind)
            {
                case ProblemEntryKind.Opened or ProblemEntryKind.Reopened when since is null:
                    since = entry.At;
                    break;
                case ProblemEntryKind.Resolved when since is { } from:
                    if (from < end && entry.At > start)
                    {
                        return true;
                    }

                    since = null;
                    break;
            }
        }

        return since is { } stillOpen && stillOpen < end;
    }

    /// <summary>Opens a problem.</summary>
    /// <param name="id">The new problem's id.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="title">A one-line title, 1 to <see cref="MaxTitleLength"/> characters.</param>
    /// <param name="owner">The person accountable.</param>
    /// <param name="at">When it is opened.</param>
    /// <param name="actor">Who opens it.</param>
    /// <param name="incidents">Incidents to link at once (for example a recurrence suggestion's evidence); duplicates are linked once.</param>
    /// <returns>The open problem.</returns>
    /// <exception cref="ArgumentException">An id is unset, the title is empty, too long or holds a control character, or more than
    /// <see cref="MaxIncidents"/> incidents are given.</exception>
    public static Problem Open(ProblemId id, TenantId tenant, string title, UserId owner, Instant at, UserId actor, IEnumerable<IncidentId>? incidents = null)
    {
        Guard.Against.Unset(id);
        Guard.Against.Unset(tenant);
        Guard.Against.Unset(owner);
        Guard.Against.Unset(actor);
        Guard.Against.InvalidLine(title, MaxTitleLength);
        var linked = (incidents ?? []).Distinct().ToList();
        if (linked.Count > MaxIncidents)
        {
            throw new ArgumentException($"A problem links at most {MaxIncidents} incidents, but {linked.Count} were given.", nameof(incidents));
        }

        foreach (var incident in linked)
        {
            Guard.Against.Unset(incident, nameof(incidents));
        }

        List<ProblemEntry> history = [new(at, actor, ProblemEntryKind.Opened, title)];
        history.AddRange(linked.Select(i => new ProblemEntry(at, actor, ProblemEntryKind.IncidentLinked, i.ToString())));
        return new Problem(id, tenant, title, ProblemState.Open, owner, null, null, null, linked, history);
    }

    /// <summary>Returns the states a problem in <paramref name="from"/> may move to, whatever its content.</summary>
    /// <param name="from">The current state.</param>
    /// <returns>The permitted target states.</returns>
    public static IReadOnlyList<ProblemState> PermittedMoves(ProblemState from) => from switch
    {
        ProblemState.Open => FromOpen,
        ProblemState.KnownError => FromKnownError,
        ProblemState.Resolved => FromResolved,
        _ => [],
    };

    /// <summary>Returns whether the problem may move to <paramref name="to"/> now (its state permits it and its rules are met).</summary>
    /// <param name="to">The target state.</param>
    /// <returns><see langword="true"/> when <see cref="DeclareKnownError"/>, <see cref="Resolve"/> or <see cref="Reopen"/> would succeed
    /// (given valid arguments).</returns>
    public bool CanMoveTo(ProblemState to) => PermittedMoves(State).Contains(to) && UnmetRule(to) is null;

    /// <summary>Returns the problem with an incident linked; linking a linked incident changes nothing.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <returns>The changed problem, or this instance when the incident was linked already.</returns>
    /// <exception cref="ArgumentException"><paramref name="incident"/> is unset, the problem links <see cref="MaxIncidents"/> already, or <paramref name="at"/> is before the last change.</exception>
    public Problem LinkIncident(IncidentId incident, Instant at, UserId actor)
    {
        Guard.Against.Unset(incident);
        CheckChange(at, actor);
        if (Incidents.Contains(incident))
        {
            return this;
        }

        if (Incidents.Count >= MaxIncidents)
        {
            throw new ArgumentException($"A problem links at most {MaxIncidents} incidents.", nameof(incident));
        }

        return With(at, actor, ProblemEntryKind.IncidentLinked, incident.ToString(), incidents: [.. Incidents, incident]);
    }

    /// <summary>Returns the problem with an incident unlinked; unlinking an incident that is not linked changes nothing.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <returns>The changed problem, or this instance.</returns>
    /// <exception cref="ArgumentException"><paramref name="incident"/> is unset or <paramref name="at"/> is before the last change.</exception>
    public Problem UnlinkIncident(IncidentId incident, Instant at, UserId actor)
    {
        Guard.Against.Unset(incident);
        CheckChange(at, actor);
        return Incidents.Contains(incident)
            ? With(at, actor, ProblemEntryKind.IncidentUnlinked, incident.ToString(), incidents: [.. Incidents.Where(i => i != incident)])
            : this;
    }

    /// <summary>Returns the problem with its root cause recorded (or replaced).</summary>
    /// <param name="rootCause">The root cause, 1 to <see cref="MaxTextLength"/> characters.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <returns>The changed problem.</returns>
    /// <exception cref="ArgumentException">The text is empty, too long or holds a control character, or <paramref name="at"/> is before the last change.</exception>
    public Problem RecordRootCause(string rootCause, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(rootCause, MaxTextLength);
        CheckChange(at, actor);
        return With(at, actor, ProblemEntryKind.RootCauseRecorded, rootCause, rootCause: rootCause);
    }

    /// <summary>Returns the problem with its workaround recorded (or replaced).</summary>
    /// <param name="workaround">The workaround, 1 to <see cref="MaxTextLength"/> characters.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <returns>The changed problem.</returns>
    /// <exception cref="ArgumentException">The text is empty, too long or holds a control character, or <paramref name="at"/> is before the last change.</exception>
    public Problem RecordWorkaround(string workaround, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(workaround, MaxTextLength);
        CheckChange(at, actor);
        return With(at, actor, ProblemEntryKind.WorkaroundRecorded, workaround, workaround: workaround);
    }

    /// <summary>Returns the problem with a new owner; the same owner changes nothing.</summary>
    /// <param name="owner">The new owner.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <returns>The changed problem, or this instance.</returns>
    /// <exception cref="ArgumentException"><paramref name="owner"/> is unset or <paramref name="at"/> is before the last change.</exception>
    public Problem AssignOwner(UserId owner, Instant at, UserId actor)
    {
        Guard.Against.Unset(owner);
        CheckChange(at, actor);
        return owner == Owner ? this : With(at, actor, ProblemEntryKind.OwnerChanged, owner.Value, owner: owner);
    }

    /// <summary>Returns the problem declared a known error: its root cause or a workaround is documented.</summary>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <returns>The changed problem.</returns>
    /// <exception cref="InvalidProblemTransitionException">The problem is not open, or has neither root cause nor workaround.</exception>
    /// <exception cref="ArgumentException"><paramref name="at"/> is before the last change.</exception>
    public Problem DeclareKnownError(Instant at, UserId actor)
    {
        CheckMove(ProblemState.KnownError);
        CheckChange(at, actor);
        return With(at, actor, ProblemEntryKind.KnownErrorDeclared, null, state: ProblemState.KnownError);
    }

    /// <summary>Returns the problem resolved: the cause was removed.</summary>
    /// <param name="resolution">How the cause was removed, 1 to <see cref="MaxTextLength"/> characters.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <returns>The changed problem.</returns>
    /// <exception cref="InvalidProblemTransitionException">The problem is resolved already.</exception>
    /// <exception cref="ArgumentException">The text is empty, too long or holds a control character, or <paramref name="at"/> is before the last change.</exception>
    public Problem Resolve(string resolution, Instant at, UserId actor)
    {
        CheckMove(ProblemState.Resolved);
        Guard.Against.InvalidText(resolution, MaxTextLength);
        CheckChange(at, actor);
        return With(at, actor, ProblemEntryKind.Resolved, resolution, state: ProblemState.Resolved, resolution: resolution);
    }

    /// <summary>Returns the problem reopened: it came back after being resolved.</summary>
    /// <param name="reason">Why, 1 to <see cref="MaxTextLength"/> characters.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <returns>The changed problem, open again (its root cause and workaround are kept; its resolution is cleared).</returns>
    /// <exception cref="InvalidProblemTransitionException">The problem is not resolved.</exception>
    /// <exception cref="ArgumentException">The text is empty, too long or holds a control character, or <paramref name="at"/> is before the last change.</exception>
    public Problem Reopen(string reason, Instant at, UserId actor)
    {
        CheckMove(ProblemState.Open);
        Guard.Against.InvalidText(reason, MaxTextLength);
        CheckChange(at, actor);
        return With(at, actor, ProblemEntryKind.Reopened, reason, state: ProblemState.Open, clearResolution: true);
    }

    private string? UnmetRule(ProblemState to) =>
        to == ProblemState.KnownError && RootCause is null && Workaround is null
            ? "a known error needs a documented root cause or workaround"
            : null;

    private void CheckMove(ProblemState to)
    {
        if (!PermittedMoves(State).Contains(to))
        {
            throw new InvalidProblemTransitionException(State, to, null, PermittedNow());
        }

        if (UnmetRule(to) is { } rule)
        {
            throw new InvalidProblemTransitionException(State, to, rule, PermittedNow());
        }
    }

    private List<ProblemState> PermittedNow() => [.. PermittedMoves(State).Where(CanMoveTo)];

    private void CheckChange(Instant at, UserId actor)
    {
        Guard.Against.Unset(actor);
        if (at < LastChangedAt)
        {
            throw new ArgumentOutOfRangeException(nameof(at), at, $"A change to a problem may not be dated before its last change ({LastChangedAt}).");
        }
    }

    private Problem With(Instant at, UserId actor, ProblemEntryKind kind, string? detail, ProblemState? state = null, UserId? owner = null,
        string? rootCause = null, string? workaround = null, string? resolution = null, bool clearResolution = false, IReadOnlyList<IncidentId>? incidents = null) =>
        new(Id, Tenant, Title, state ?? State, owner ?? Owner, rootCause ?? RootCause, workaround ?? Workaround,
            clearResolution ? null : resolution ?? Resolution, incidents ?? Incidents, [.. History, new ProblemEntry(at, actor, kind, detail)]);
}
