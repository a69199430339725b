using IncidentKit.Alerts;
using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Reporting;
using IncidentKit.Simulation.Randomness;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Simulation;

// One play of a scenario against one configuration: a priority queue of pending happenings ordered by (virtual instant, the
// order they were queued in), and the real engines deciding what each instant means. Nothing here reads a clock or waits: the
// "now" of every engine call is the instant of the happening being handled, so a year plays in as long as its work takes.
internal sealed class SimulationRun
{
    // Purposes keep the random streams apart (see SimulationRandom.For).
    private const ulong AnswerStream = 1;
    private const ulong ResolveStream = 2;
    private const ulong FiringStream = 3;
    private const ulong ArrivalStream = 4;
    private const ulong UpdateStream = 5;

    private static readonly UserId Reporter = new("simulation:reporter");

    private readonly Scenario _scenario;
    private readonly SimulationConfiguration _configuration;
    private readonly EscalationEngine _escalation;
    private readonly CommunicationPlans _plans;
    private readonly PriorityQueue<Happening, (long Ticks, long Sequence)> _queue = new();
    private readonly List<SimulatedIncident> _incidents = [];
    private readonly Dictionary<IncidentId, SimulatedIncident> _byId = [];
    private readonly Dictionary<string, AlertGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _groupChecks = new(StringComparer.Ordinal);
    private readonly Dictionary<UserId, PersonTally> _people = [];
    private readonly SortedDictionary<string, int> _notifications = new(StringComparer.Ordinal);
    private readonly List<SimulationLogLine>? _log;
    private readonly bool _timelines;
    private readonly bool _keepIncidents;
    private readonly IncidentMetricsAccumulator _metrics;
    private long _sequence;
    private int _droppedAlerts;

    public SimulationRun(Scenario scenario, SimulationConfiguration? configuration = null, bool keepLog = false, bool keepIncidents = false)
    {
        _scenario = scenario ?? throw new ArgumentNullException(nameof(scenario));
        _configuration = configuration ?? scenario.Configuration;
        _escalation = new EscalationEngine(_configuration.Escalation, _configuration.Roster, _configuration.Directory, _configuration.EscalationOptions);
        _plans = _configuration.Communication;
        _timelines = scenario.IncludeTimelines || keepLog;
        _log = keepLog ? [] : null;
        _keepIncidents = keepIncidents;
        Now = Instant.MinValue;

        // The reporting issue's own accumulator measures the run, so a drill's figures are computed exactly as the real
        // reports compute them. A drill counts its exercises; the real reports leave them out (IncludeExercises is false there).
        _metrics = new IncidentMetricsAccumulator(new IncidentMetricsOptions
        {
            Tenant = scenario.Tenant,
            Period = new Interval(Start(scenario), scenario.Until),
            Zone = scenario.Zone,
            Granularity = ReportGranularity.Month,
            IncludeExercises = true,
            PersonZones = scenario.Responders.Where(r => r.Value.Zone is not null).ToDictionary(r => r.Key, r => r.Value.Zone!),
        });

        // Injects in instant order, ties in document order; each load profile queues only its first arrival (the next is drawn
        // when one arrives), so the queue stays small whatever the length of the period.
        var order = Enumerable.Range(0, scenario.Injects.Count).OrderBy(i => scenario.Injects[i].At).ThenBy(i => i);
        foreach (var i in order)
        {
            Schedule(scenario.Injects[i].At, new Happening(HappeningKind.Inject, i));
        }

        for (var p = 0; p < scenario.Load.Count; p++)
        {
            var profile = scenario.Load[p];
            if (!(profile.PerDay > 0 && profile.PerDay <= 10_000) || profile.To <= profile.From)
            {
                throw new ArgumentException(
                    $"Load[{p}] ({profile.Service}): PerDay must be more than 0 and at most 10000 (is {profile.PerDay.ToString(System.Globalization.CultureInfo.InvariantCulture)}) and To after From.",
                    nameof(scenario));
            }

            var random = SimulationRandom.For(scenario.Seed, ArrivalStream, (ulong)p);
            var state = new ArrivalState(profile, random);
            ScheduleNextArrival(p, state, profile.From);
        }
    }

    public Instant Now { get; private set; }

    // The incidents of the run, when kept (a tabletop saves them to a store afterwards).
    public IEnumerable<Incident> Incidents => _incidents.Where(s => s.IsKept).Select(s => s.Incident);

    public IReadOnlyList<SimulationLogLine> Log => _log ?? (IReadOnlyList<SimulationLogLine>)[];

    public Instant? NextAt => _queue.TryPeek(out _, out var priority) ? Instant.FromUnixTimeTicks(priority.Ticks) : null;

    // Plays every happening up to and including `limit` (never past the scenario's end).
    public void RunUntil(Instant limit)
    {
        if (limit > _scenario.Until)
        {
            limit = _scenario.Until;
        }

        var ticks = limit.ToUnixTimeTicks();
        while (_queue.TryPeek(out _, out var priority) && priority.Ticks <= ticks)
        {
            var happening = _queue.Dequeue();
            Now = Instant.FromUnixTimeTicks(priority.Ticks);
            Handle(happening);
        }

        if (limit > Now)
        {
            Now = limit;
        }
    }

    public SimulationReport Finish()
    {
        RunUntil(_scenario.Until);
        var outcomes = new List<IncidentOutcome>(_incidents.Count);
        foreach (var s in _incidents)
        {
            outcomes.Add(s.Outcome ?? Conclude(s));
        }

        var metrics = _metrics.ToReport();

        var people = _people.OrderBy(p => p.Key.Value, StringComparer.Ordinal)
            .Select(p => new PersonLoad(p.Key, p.Value.Pages, p.Value.NightPages, p.Value.Acknowledged))
            .ToList();
        return new SimulationReport(_scenario.Name, _configuration.Name, _scenario.Seed, _scenario.Until, outcomes, people,
            new SortedDictionary<string, int>(_notifications), _droppedAlerts, _scenario.IncludeTimelines, metrics);
    }

    private void Handle(Happening h)
    {
        switch (h.Kind)
        {
            case HappeningKind.Inject:
                Inject(h.Index);
                break;
            case HappeningKind.Arrival:
                Arrive(h.Index, h.Arrival!);
                break;
            case HappeningKind.Wake:
                if (_incidents[h.Index] is { Outcome: null } woken && woken.WakeGeneration == h.Generation)
                {
                    Advance(woken);
                }

                break;
            case HappeningKind.Answer:
                Answer(_incidents[h.Index], h.Person);
                break;
            case HappeningKind.OwnerResolves:
                OwnerResolves(_incidents[h.Index], h.Person);
                break;
            case HappeningKind.StatusUpdate:
                PostStatusUpdate(_incidents[h.Index], h.Person);
                break;
            case HappeningKind.AlertResolves:
                AlertResolves(h.Index);
                break;
            case HappeningKind.GroupCheck:
                CheckGroup(h.GroupKey!, h.Generation);
                break;
            default:
                throw new InvalidOperationException($"Unknown happening {h.Kind}.");
        }
    }

    private void Inject(int index)
    {
        var inject = _scenario.Injects[index];
        Note(null, inject.Note is null ? $"inject {index + 1}" : $"inject {index + 1}: {inject.Note}");
        if (inject.Incident is { } details)
        {
            Open(details, StableId(1, (ulong)index), Now, Reporter, inject.ResolveAfter, key: ((ulong)index << 8) | 1, group: null);
            return;
        }

        // The alert's own start is kept (the reader sets it to the inject's instant; a replayed alert keeps its recorded one), so
        // the intake tells a resend of an episode from a new one exactly as it did for real.
        Receive(inject.Alert!, index);
        if (inject.FiresFor is { } firesFor)
        {
            var random = SimulationRandom.For(_scenario.Seed, FiringStream, (ulong)index);
            Schedule(Now + firesFor.Sample(ref random), new Happening(HappeningKind.AlertResolves, index));
        }
    }

    private void Arrive(int profileIndex, ArrivalState state)
    {
        var p = state.Profile;
        state.Count++;
        var details = new NewIncident
        {
            Title = $"{p.Service} incident {state.Count}",
            Impact = p.Impact,
            Urgency = p.Urgency,
            Category = p.Category,
            Service = p.Service,
        };
        var key = ((ulong)profileIndex << 40) | ((ulong)state.Count << 8) | 2;
        Open(details, StableId(2, key), Now, Reporter, p.ResolveAfter, key, group: null);
        ScheduleNextArrival(profileIndex, state, Now);
    }

    private void ScheduleNextArrival(int profileIndex, ArrivalState state, Instant after)
    {
        var meanSeconds = 86_400.0 / state.Profile.PerDay;
        var next = after + Duration.FromSeconds(Math.Max(1, Math.Round(state.Random.NextExponential(meanSeconds))));
        if (next < state.Profile.To && next <= _scenario.Until)
        {
            Schedule(next, new Happening(HappeningKind.Arrival, profileIndex) { Arrival = state });
        }
    }

    private void Receive(Alert alert, int injectIndex)
    {
        var route = _configuration.Routes.Route(alert, _scenario.Tenant);
        if (route.Drop)
        {
            _droppedAlerts++;
            Note(null, $"alert {alert.Key} dropped by route {route.Route.Name}");
            return;
        }

        var groupKey = AlertRoutingTable.GroupKey(route, alert);
        if (!_groups.TryGetValue(groupKey, out var group))
        {
            group = new AlertGroup(_scenario.Tenant, groupKey);
            _groups[groupKey] = group;
        }

        var status = alert.Status == AlertStatus.Firing ? "fires" : "resolves";
        Note(null, $"alert {alert.Key} {status} (route {route.Route.Name}, group {groupKey})");
        ApplyGroupActions(group, group.Receive(alert, route, Now, SilenceSet.Empty, _configuration.Intake), injectIndex);
    }

    private void AlertResolves(int injectIndex)
    {
        var inject = _scenario.Injects[injectIndex];
        var alert = inject.Alert! with { Status = AlertStatus.Resolved, EndsAt = Now };
        Receive(alert, injectIndex);
    }

    private void CheckGroup(string groupKey, int generation)
    {
        if (_groups.TryGetValue(groupKey, out var group) && GroupCheckGeneration(groupKey) == generation)
        {
            ApplyGroupActions(group, group.Tick(Now, SilenceSet.Empty, _configuration.Intake), -1);
        }
    }

    private int GroupCheckGeneration(string groupKey) => _groupChecks.GetValueOrDefault(groupKey);

    // The alert intake's actions, applied as the AlertProcessor applies them (the same guards), but to the simulated incidents.
    private void ApplyGroupActions(AlertGroup group, IReadOnlyList<AlertGroupAction> actions, int injectIndex)
    {
        var actor = _configuration.Intake.Actor;
        foreach (var action in actions)
        {
            if (action.Kind == AlertGroupActionKind.Open)
            {
                var key = (SimulationRandom.Hash(group.GroupKey) << 8) ^ ((ulong)group.Generation << 4) | 3;
                var resolveAfter = injectIndex >= 0 ? _scenario.Injects[injectIndex].ResolveAfter : null;
                Open(action.NewIncident!, action.Incident, Now, actor, resolveAfter, key, group.GroupKey);
                continue;
            }

            if (!_byId.TryGetValue(action.Incident, out var s))
            {
                continue;
            }

            var incident = s.Incident;
            switch (action.Kind)
            {
                case AlertGroupActionKind.Link when incident.IsOpen && !incident.LinkedAlerts.Contains(action.AlertKey!, StringComparer.Ordinal):
                    incident.LinkAlert(action.AlertKey!, action.Source, Now, actor);
                    break;
                case AlertGroupActionKind.Reopen when incident.State == IncidentState.Resolved && incident.CanExecute(IncidentCommand.Reopen, Now):
                    incident.Reopen(action.Text!, Now, actor);
                    break;
                case AlertGroupActionKind.Resolve when incident.IsOpen && incident.CanExecute(IncidentCommand.Resolve, Now):
                    incident.Resolve("auto-resolved", action.Text!, Now, actor);
                    break;
                case AlertGroupActionKind.Note or AlertGroupActionKind.FlappingStarted when incident.IsOpen:
                    incident.AddWorkNote(action.Text!, Now, actor);
                    break;
                default:
                    break;
            }

            Advance(s);
        }

        if (group.NextCheckAt(_configuration.Intake) is { } check && check > Now)
        {
            var generation = GroupCheckGeneration(group.GroupKey) + 1;
            _groupChecks[group.GroupKey] = generation;
            Schedule(check, new Happening(HappeningKind.GroupCheck, -1) { GroupKey = group.GroupKey, Generation = generation });
        }
    }

    private void Open(NewIncident details, IncidentId id, Instant at, UserId actor, DelayDistribution? resolveAfter, ulong key, string? group)
    {
        if (_scenario.IsExercise)
        {
            details = SimulationExercise.Mark(details);
        }

        var incident = Incident.Open(id, _scenario.Tenant, details, at, actor, _configuration.Rules);
        var s = new SimulatedIncident(_incidents.Count, incident, key, resolveAfter ?? _scenario.ResolveAfter, group, _timelines);
        _incidents.Add(s);
        _byId[id] = s;
        Advance(s);
    }

    // Asks every engine what this instant means for the incident, records it, and queues the next instant anything falls due.
    private void Advance(SimulatedIncident s)
    {
        var incident = s.Incident;
        var sla = _configuration.Sla;
        if (sla is not null && incident.State != IncidentState.Closed)
        {
            incident.RecordDueSlaEvents(sla, Now, UserId.System);
        }

        // Scenarios carry no complexity assessment, so matrix rules on complexity see every incident as Standard.
        var decision = _escalation.Decide(incident, Now, Complexity.Standard);
        if (!decision.IsEmpty)
        {
            incident.RecordEscalation(decision);
        }

        var plan = _plans.ForPriority(incident.Priority);
        Instant? reminder = null;
        if (incident.IsOpen && StatusUpdateSchedule.NextStatusUpdateDue(incident, plan) is { } due)
        {
            var remindAt = due - plan.RemindBefore;
            if (remindAt <= Now && s.RemindedFor != due)
            {
                s.RemindedFor = due;
                incident.RecordStatusUpdateDue(due, Now);
                if (s.Owner is { } owner)
                {
                    var random = SimulationRandom.For(_scenario.Seed, UpdateStream, s.Key, (ulong)incident.Version);
                    Schedule(Now + _scenario.BehaviourOf(owner).Acknowledge.Sample(ref random), new Happening(HappeningKind.StatusUpdate, s.Index) { Person = owner });
                }
            }
            else if (remindAt > Now)
            {
                reminder = remindAt;
            }
        }

        Observe(s, plan);

        if (!incident.IsOpen && s.Group is null)
        {
            s.Outcome = Conclude(s);
            if (!_keepIncidents)
            {
                s.Release();
            }

            return;
        }

        var next = Earliest(decision.NextDueAt, sla is null || !incident.IsOpen ? null : sla.GetNextDue(incident.Events)?.At);
        next = Earliest(next, reminder);
        if (next is { } n && n > Now && n != s.WakeAt)
        {
            s.WakeAt = n;
            s.WakeGeneration++;
            Schedule(n, new Happening(HappeningKind.Wake, s.Index) { Generation = s.WakeGeneration });
        }
    }

    // Walks the events recorded since the last look: pages go out (and answers are drawn), notifications are counted, and the
    // timeline is written.
    private void Observe(SimulatedIncident s, CommunicationPlan plan)
    {
        var events = s.Incident.Events;
        for (var i = s.Seen; i < events.Count; i++)
        {
            var e = events[i];
            if (e is EscalationStepFired step)
            {
                Page(s, step);
            }
            else
            {
                s.Write(e.At, SimulationTimeline.Describe(e));
            }

            if (e is SlaBreached breach)
            {
                s.Breaches.Add(breach.Target.ToString().ToLowerInvariant());
            }

            var kind = NotificationEventKinds.Of(e);
            if (plan.NotifyOn.Contains(kind))
            {
                var channels = _scenario.IsExercise ? [_scenario.DrillChannel] : plan.Channels;
                foreach (var channel in channels)
                {
                    _notifications[channel] = _notifications.GetValueOrDefault(channel) + 1;
                }

                if (_log is not null || s.Timeline is not null)
                {
                    s.Write(e.At, $"notify {string.Join(", ", channels)}: {kind}");
                }
            }

            if (_log is not null)
            {
                foreach (var line in s.TakeNew())
                {
                    _log.Add(new SimulationLogLine(line.At, s.Number, line.Text));
                }
            }
        }

        s.Seen = events.Count;
    }

    private void Page(SimulatedIncident s, EscalationStepFired step)
    {
        s.Depth = Math.Max(s.Depth, step.Level);
        if (step.Recipients.Count == 0)
        {
            s.Unreachable++;
            s.Write(step.At, $"level {step.Level} (round {step.Round}) reached nobody: {string.Join(", ", step.UnresolvedTargets)} resolved to no one");
            return;
        }

        var answered = 0;
        var parts = new List<string>(step.Recipients.Count);
        foreach (var person in step.Recipients)
        {
            var behaviour = _scenario.BehaviourOf(person);
            var zone = behaviour.Zone ?? _scenario.Zone;
            var night = IsNight(step.At, zone);
            var tally = Tally(person);
            tally.Pages++;
            s.Pages++;
            if (night)
            {
                tally.NightPages++;
                s.NightPages++;
            }

            var nth = s.PagesTo(person);
            if (behaviour.Answers(step.At))
            {
                answered++;
                var random = SimulationRandom.For(_scenario.Seed, AnswerStream, s.Key, SimulationRandom.Hash(person.Value), (ulong)nth);
                var delay = (night && behaviour.AcknowledgeAtNight is { } slower ? slower : behaviour.Acknowledge).Sample(ref random);
                Schedule(step.At + delay, new Happening(HappeningKind.Answer, s.Index) { Person = person });
                if (s.Timeline is not null)
                {
                    parts.Add($"{person} ({SimulationText.Local(step.At, zone)}{(night ? ", night" : "")}; answers after {SimulationText.Span(delay)})");
                }
            }
            else if (s.Timeline is not null)
            {
                parts.Add($"{person} ({SimulationText.Local(step.At, zone)}{(night ? ", night" : "")}; {(behaviour.NeverAnswers ? "never answers" : "unavailable")})");
            }
        }

        if (answered == 0)
        {
            s.Unreachable++;
        }

        if (s.Timeline is not null)
        {
            var fallback = step.UnresolvedTargets.Count > 0 ? $" [fallback: {string.Join(", ", step.UnresolvedTargets)} resolved to no one]" : "";
            s.Write(step.At, $"page level {step.Level} (round {step.Round}, {step.Trigger.ToString().ToLowerInvariant()}): {string.Join("; ", parts)}{fallback}");
        }
    }

    private void Answer(SimulatedIncident s, UserId person)
    {
        if (s.Outcome is not null)
        {
            return;
        }

        var incident = s.Incident;
        if ((incident.State == IncidentState.New || incident.AwaitsAcknowledgement) && incident.CanExecute(IncidentCommand.Acknowledge, Now))
        {
            incident.Acknowledge(Now, person);
            Tally(person).Acknowledged++;
            if (s.Owner is null)
            {
                s.Owner = person;
                var random = SimulationRandom.For(_scenario.Seed, ResolveStream, s.Key);
                Schedule(Now + s.ResolveAfter.Sample(ref random), new Happening(HappeningKind.OwnerResolves, s.Index) { Person = person });
            }

            Advance(s);
        }
        else if (s.Timeline is not null)
        {
            s.Write(Now, $"{person} answers; {(incident.IsOpen ? "already acknowledged" : "already " + incident.State.ToString().ToLowerInvariant())}");
            Flush(s);
        }
    }

    private void OwnerResolves(SimulatedIncident s, UserId owner)
    {
        if (s.Outcome is null && s.Incident.IsOpen && s.Incident.CanExecute(IncidentCommand.Resolve, Now))
        {
            s.Incident.Resolve("fixed", "Resolved in simulation.", Now, owner);
            Advance(s);
        }
    }

    private void PostStatusUpdate(SimulatedIncident s, UserId owner)
    {
        if (s.Outcome is null && s.Incident.IsOpen)
        {
            s.Incident.PostStatusUpdate("Status update (simulated).", Audience.Internal, Now, owner);
            Advance(s);
        }
    }

    private void Flush(SimulatedIncident s)
    {
        if (_log is not null)
        {
            foreach (var line in s.TakeNew())
            {
                _log.Add(new SimulationLogLine(line.At, s.Number, line.Text));
            }
        }
    }

    private void Note(SimulatedIncident? s, string text)
    {
        _log?.Add(new SimulationLogLine(Now, s?.Number, text));
    }

    private IncidentOutcome Conclude(SimulatedIncident s)
    {
        var incident = s.Incident;
        _metrics.Add(new IncidentHistory(incident.Tenant, incident.Id, incident.Version, 0, incident.Events));
        var outcome = new IncidentOutcome
        {
            Number = s.Number,
            Title = incident.Title,
            Service = incident.Service,
            Priority = incident.Priority,
            OpenedAt = incident.OpenedAt,
            AcknowledgedAt = incident.AcknowledgedAt,
            AcknowledgedBy = s.Owner,
            ResolvedAt = incident.ResolvedAt,
            EscalationDepth = s.Depth,
            Pages = s.Pages,
            NightPages = s.NightPages,
            UnreachableSteps = s.Unreachable,
            SlaBreaches = [.. s.Breaches],
            IsExercise = _scenario.IsExercise,
            Timeline = s.Timeline is null ? [] : [.. s.Timeline.Select(l => $"{SimulationText.At(l.At)}  {l.Text}")],
        };
        return outcome;
    }

    private static Instant Start(Scenario scenario)
    {
        var start = scenario.Until;
        foreach (var inject in scenario.Injects)
        {
            start = Instant.Min(start, inject.At);
        }

        foreach (var load in scenario.Load)
        {
            start = Instant.Min(start, load.From);
        }

        return start == scenario.Until ? start - Duration.FromDays(1) : start;
    }

    private bool IsNight(Instant at, DateTimeZone zone)
    {
        var local = at.InZone(zone).TimeOfDay;
        var (start, end) = (_scenario.NightStart, _scenario.NightEnd);
        return start > end ? local >= start || local < end : local >= start && local < end;
    }

    private PersonTally Tally(UserId person)
    {
        if (!_people.TryGetValue(person, out var tally))
        {
            tally = new PersonTally();
            _people[person] = tally;
        }

        return tally;
    }

    private void Schedule(Instant at, Happening happening) => _queue.Enqueue(happening, (at.ToUnixTimeTicks(), _sequence++));

    private IncidentId StableId(ulong kind, ulong key)
    {
        var random = SimulationRandom.For(_scenario.Seed, 0xC0FFEE, kind, key);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, random.NextUInt64());
        BitConverter.TryWriteBytes(bytes[8..], random.NextUInt64());
        bytes[7] = (byte)(0x80 | (bytes[7] & 0x0F));
        return new IncidentId(new Guid(bytes));
    }

    private static Instant? Earliest(Instant? a, Instant? b) => a is { } x ? (b is { } y && y < x ? y : x) : b;

    private enum HappeningKind
    {
        Inject,
        Arrival,
        Wake,
        Answer,
        OwnerResolves,
        StatusUpdate,
        AlertResolves,
        GroupCheck,
    }

    private sealed record Happening(HappeningKind Kind, int Index)
    {
        public int Generation { get; init; }

        public UserId Person { get; init; }

        public string? GroupKey { get; init; }

        public ArrivalState? Arrival { get; init; }
    }

    private sealed class ArrivalState(LoadProfile profile, SimulationRandom random)
    {
        private SimulationRandom _random = random;

        public LoadProfile Profile { get; } = profile;

        public int Count { get; set; }

        public ref SimulationRandom Random => ref _random;
    }

    private sealed class PersonTally
    {
        public int Pages { get; set; }

        public int NightPages { get; set; }

        public int Acknowledged { get; set; }
    }
}
