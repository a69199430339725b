using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Guards;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Incidents;

/// <summary>Represents one incident: an event-sourced aggregate whose state is the fold of its events.</summary>
/// <remarks>
/// <para>Commands (<see cref="Acknowledge"/>, <see cref="PutOnHold"/>, <see cref="Resolve"/>, …) check the workflow and
/// their arguments, then record one new event; applying an event only changes state and never throws. Rebuilding an incident
/// with <see cref="FromHistory"/> from its events gives an object equal to the live one, always.</para>
/// <para>New events wait in <see cref="PendingEvents"/> until a store has appended them (<see cref="IncidentService"/> then clears them).</para>
/// </remarks>
/// <threadsafety>Instances are mutable and not thread-safe; load one per unit of work.</threadsafety>
public sealed partial class Incident
{
    internal const int MaxTitleLength = 200;
    internal const int MaxTextLength = 10_000;
    internal const int MaxShortTextLength = 200;

    // Not readonly: Copy() gives a copy its own lists (Incident.Copy.cs).
    private List<IncidentEvent> _events = [];
    private List<IncidentEvent> _pending = [];
    private List<DiagnosisEntry> _diagnosis = [];
    private List<string> _linkedAlerts = [];

    private Incident(IncidentRules rules) => Rules = rules;

    /// <summary>Gets the rules this incident decides by.</summary>
    public IncidentRules Rules { get; }

    /// <summary>Gets the incident's id.</summary>
    public IncidentId Id { get; private set; }

    /// <summary>Gets the tenant it belongs to.</summary>
    public TenantId Tenant { get; private set; }

    /// <summary>Gets the one-line summary.</summary>
    public string Title { get; private set; } = string.Empty;

    /// <summary>Gets the details, if any.</summary>
    public string? Description { get; private set; }

    /// <summary>Gets the workflow state.</summary>
    public IncidentState State { get; private set; }

    /// <summary>Gets the impact.</summary>
    public Impact Impact { get; private set; }

    /// <summary>Gets the urgency.</summary>
    public Urgency Urgency { get; private set; }

    /// <summary>Gets the priority.</summary>
    public Priority Priority { get; private set; }

    /// <summary>Gets whether the priority was set by hand rather than by the matrix.</summary>
    public bool PriorityOverridden { get; private set; }

    /// <summary>Gets the category, if any.</summary>
    public CategoryPath? Category { get; private set; }

    /// <summary>Gets the assignee, if any.</summary>
    public UserId? Assignee { get; private set; }

    /// <summary>Gets the assignment group, if any.</summary>
    public string? AssignmentGroup { get; private set; }

    /// <summary>Gets the affected service, if known.</summary>
    public string? Service { get; private set; }

    /// <summary>Gets where the incident was reported from, if known.</summary>
    public string? Source { get; private set; }

    /// <summary>Gets whether the incident is an exercise (a drill or tabletop run) rather than a real one.</summary>
    public bool IsExercise { get; private set; }

    /// <summary>Gets when the incident was logged.</summary>
    public Instant OpenedAt { get; private set; }

    /// <summary>Gets when it was first acknowledged (or work started without one), if it has been.</summary>
    public Instant? AcknowledgedAt { get; private set; }

    /// <summary>Gets when it was last resolved, while it is resolved or closed.</summary>
    public Instant? ResolvedAt { get; private set; }

    /// <summary>Gets when it was closed or cancelled, if it has been.</summary>
    public Instant? ClosedAt { get; private set; }

    /// <summary>Gets when its latest event happened.</summary>
    public Instant LastChangedAt { get; private set; }

    /// <summary>Gets the latest resolution, while the incident is resolved or closed.</summary>
    public Resolution? Resolution { get; private set; }

    /// <summary>Gets the diagnosis recorded so far, oldest first.</summary>
    public IReadOnlyList<DiagnosisEntry> Diagnosis => _diagnosis;

    /// <summary>Gets the keys of the linked alerts, in the order they were linked.</summary>
    public IReadOnlyList<string> LinkedAlerts => _linkedAlerts;

    /// <summary>Gets the number of work notes.</summary>
    public int WorkNoteCount { get; private set; }

    /// <summary>Gets the number of escalations recorded.</summary>
    public int EscalationCount { get; private set; }

    /// <summary>Gets the number of times it was reopened.</summary>
    public int ReopenCount { get; private set; }

    /// <summary>Gets whether the incident was reopened and nobody has acknowledged it since; its escalation pages until someone does.</summary>
    public bool AwaitsAcknowledgement { get; private set; }

    /// <summary>Gets whether the incident is open (New, Acknowledged, InProgress or OnHold).</summary>
    public bool IsOpen => IncidentLifecycle.IsOpen(State);

    /// <summary>Gets the number of events in the incident's stream, pending ones included.</summary>
    public long Version => _events.Count;

    /// <summary>Gets the version the store held when the incident was loaded (or last committed): the expected version of the next append.</summary>
    public long CommittedVersion => _events.Count - _pending.Count;

    /// <summary>Gets the whole timeline, oldest first, pending events included.</summary>
    public IReadOnlyList<IncidentEvent> Events => _events;

    /// <summary>Gets the events recorded since the incident was loaded or last committed.</summary>
    public IReadOnlyList<IncidentEvent> PendingEvents => _pending;

    /// <summary>Logs a new incident.</summary>
    /// <param name="id">The new incident's id.</param>
    /// <param name="tenant">The tenant it belongs to.</param>
    /// <param name="details">What is known so far.</param>
    /// <param name="at">When it was logged.</param>
    /// <param name="actor">Who logged it.</param>
    /// <param name="rules">The rules to decide by; <see langword="null"/> takes <see cref="IncidentRules.Default"/>.</param>
    /// <returns>The incident, with its <see cref="IncidentOpened"/> event pending.</returns>
    /// <exception cref="ArgumentException">An id is unset, the title is empty or too long, a text holds a control character (tab and line feed aside; carriage return too in the description), the category is unset or not in the taxonomy,
    /// or impact or urgency is missing with no category default, or outside the priority matrix.</exception>
    public static Incident Open(IncidentId id, TenantId tenant, NewIncident details, Instant at, UserId actor, IncidentRules? rules = null)
    {
        Guard.Against.Unset(id);
        Guard.Against.Unset(tenant);
        Guard.Against.Null(details);
        Guard.Against.Unset(actor);
        rules ??= IncidentRules.Default;
        Guard.Against.InvalidLine(details.Title, MaxTitleLength, $"{nameof(details)}.{nameof(details.Title)}");
        Guard.Against.InvalidOptionalText(details.Description, MaxTextLength, $"{nameof(details)}.{nameof(details.Description)}");
        Guard.Against.InvalidOptionalLine(details.Service, MaxShortTextLength, $"{nameof(details)}.{nameof(details.Service)}");
        Guard.Against.InvalidOptionalLine(details.Source, MaxShortTextLength, $"{nameof(details)}.{nameof(details.Source)}");
        Guard.Against.InvalidOptionalLine(details.AssignmentGroup, MaxShortTextLength, $"{nameof(details)}.{nameof(details.AssignmentGroup)}");

        var defaults = CategoryDefaultsOf(rules, details.Category, $"{nameof(details)}.{nameof(details.Category)}");
        var impact = details.Impact ?? defaults?.Impact
            ?? throw new ArgumentException("Give an impact, or a category whose defaults include one.", nameof(details));
        var urgency = details.Urgency ?? defaults?.Urgency
            ?? throw new ArgumentException("Give an urgency, or a category whose defaults include one.", nameof(details));
        var priority = PriorityOf(rules, impact, urgency, nameof(details), nameof(details));

        var incident = new Incident(rules);
        incident.Record(new IncidentOpened(NewEventId(at), at, actor)
        {
            Incident = id,
            Tenant = tenant,
            Title = details.Title,
            Description = details.Description,
            Impact = impact,
            Urgency = urgency,
            Priority = priority,
            Category = details.Category,
            AssignmentGroup = details.AssignmentGroup ?? defaults?.AssignmentGroup,
            Service = details.Service,
            Source = details.Source,
            IsExercise = details.IsExercise,
        });
        return incident;
    }

    /// <summary>Rebuilds an incident from its stored events, without checking any rule again.</summary>
    /// <param name="events">The incident's whole stream, oldest first, starting with <see cref="IncidentOpened"/>.</param>
    /// <param name="rules">The rules for further decisions; <see langword="null"/> takes <see cref="IncidentRules.Default"/>.</param>
    /// <returns>The incident, with nothing pending.</returns>
    /// <exception cref="ArgumentException"><paramref name="events"/> is empty or does not start with <see cref="IncidentOpened"/>, or opens twice.</exception>
    public static Incident FromHistory(IEnumerable<IncidentEvent> events, IncidentRules? rules = null)
    {
        Guard.Against.Null(events);
        var incident = new Incident(rules ?? IncidentRules.Default);
        incident.ReplayHistory(events, nameof(events));
        return incident;
    }

    // Replays a whole history into this incident, which holds nothing yet (a new one, or one Reset for reuse: Incident.Replay.cs).
    private void ReplayHistory(IEnumerable<IncidentEvent> events, string parameterName)
    {
        // A list (every store's history) is walked by index: a report replays millions of events, and an enumerator costs two
        // interface calls per event. Its events are then copied into the timeline in one go (sized once, no per-event Add).
        if (events is IReadOnlyList<IncidentEvent> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                Replay(list[i], i, parameterName);
            }

            if (list is ICollection<IncidentEvent> collection)
            {
                _events.AddRange(collection);
            }
            else
            {
                _events.Capacity = Math.Max(_events.Capacity, list.Count);
                for (var i = 0; i < list.Count; i++)
                {
                    _events.Add(list[i]);
                }
            }
        }
        else
        {
            if (events.TryGetNonEnumeratedCount(out var count))
            {
                // Sizing the timeline once avoids regrowing it (and copying) about log2(count) times during the replay.
                _events.Capacity = Math.Max(_events.Capacity, count);
            }

            foreach (var e in events)
            {
                Replay(e, _events.Count, parameterName);
                _events.Add(e);
            }
        }

        if (_events.Count == 0)
        {
            throw new ArgumentException("An incident's stream has at least its IncidentOpened event.", parameterName);
        }
    }

    private void Replay(IncidentEvent e, int position, string parameterName)
    {
        if ((e is IncidentOpened) != (position == 0))
        {
            throw new ArgumentException(position == 0
                ? $"An incident's stream starts with {nameof(IncidentOpened)}, not {e.GetType().Name}."
                : $"An incident's stream has one {nameof(IncidentOpened)}, found another at position {position + 1}.", parameterName);
        }

        Apply(e, first: position == 0);
    }

    // Forgets the pending events after a store has appended them. Internal: only the commit path (IncidentService) knows that the
    // store holds them; a decision calling it would leave an incident that claims a state the store never saw.
    internal void MarkCommitted() => _pending.Clear();

    /// <summary>Returns the incident's current state as one flat record.</summary>
    /// <returns>The summary.</returns>
    public IncidentSummary ToSummary() => new(Tenant, Id, Version, Title, State, Impact, Urgency, Priority, PriorityOverridden,
        Category, Assignee, AssignmentGroup, Service, OpenedAt, AcknowledgedAt, ResolvedAt, ClosedAt, LastChangedAt)
    {
        IsExercise = IsExercise,
    };

    /// <summary>Returns the incident's id and title, e.g. for logs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Id} {Priority} {State}: {Title}";

    // Version 7 GUIDs sort by the event's instant, which keeps a stream's ids roughly ordered in database indexes;
    // the random part makes them unique. No wall clock is read.
    internal static Guid NewEventId(Instant at) => EventIds.NewVersion7(at);

    private static CategoryDefaults? CategoryDefaultsOf(IncidentRules rules, CategoryPath? category, string parameterName)
    {
        if (category is not { } path)
        {
            return null;
        }

        // The empty path names no category and could not be read back from storage.
        Guard.Against.Unset(path, parameterName);
        if (!rules.Categories.Accepts(path))
        {
            throw new ArgumentException($"Category '{path}' is not in the taxonomy.", parameterName);
        }

        return rules.Categories.TryGetDefaults(path, out var defaults) ? defaults : null;
    }

    private static Priority PriorityOf(IncidentRules rules, Impact impact, Urgency urgency, string impactName, string urgencyName)
    {
        var matrix = rules.PriorityMatrix;
        return matrix.Contains(impact, urgency)
            ? matrix.GetPriority(impact, urgency)
            : throw new ArgumentException(
                $"Impact {impact.Level} × urgency {urgency.Level} lies outside the priority matrix ({matrix.ImpactLevels}×{matrix.UrgencyLevels}).",
                matrix.Contains(impact, new Urgency(1)) ? urgencyName : impactName);
    }

    private void Record(IncidentEvent e)
    {
        Apply(e, first: _events.Count == 0);
        _events.Add(e);
        _pending.Add(e);
    }
}
