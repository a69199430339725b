using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Samples.Console;

/// <summary>Makes a plausible quarter of incident histories, deterministically from a seed, for the report demo and the benchmarks.</summary>
/// <remarks>Incidents open mostly in office hours with some at night, are paged through up to three levels, acknowledged by a
/// person paged, sometimes held and reopened, and carry the SLA outcomes a worker would have recorded; acknowledgement gets
/// faster week by week, so the trend has a shape. Histories are made one at a time and never held together.</remarks>
internal static class SyntheticIncidents
{
    private static readonly string[] Categories = ["Software/Database", "Software/Application", "Network/DNS", "Network/Firewall", "Hardware/Storage", "Access/Identity", "Software/Queue"];
    private static readonly string[] Services = ["orders-db", "checkout", "payments", "search", "identity", "messaging"];
    private static readonly string[] Teams = ["DBA", "Platform", "Network", "Payments", "Identity"];
    private static readonly UserId[] People = [new("alice"), new("grace"), new("bob"), new("carol"), new("dave"), new("erin"), new("frank")];
    private static readonly (Duration Response, Duration Resolution)[] Targets =
        [(Duration.FromMinutes(15), Duration.FromHours(4)), (Duration.FromMinutes(30), Duration.FromHours(8)), (Duration.FromHours(1), Duration.FromHours(24)), (Duration.FromHours(4), Duration.FromHours(72))];

    /// <summary>Returns histories of incidents opened in [from, to), one at a time.</summary>
    public static IEnumerable<IReadOnlyList<IncidentEvent>> Generate(TenantId tenant, Instant from, Instant to, int count, int seed, DateTimeZone zone, int eventsPerIncident = 0)
    {
        var random = new Random(seed);
        var span = (to - from).TotalTicks;
        for (var n = 0; n < count; n++)
        {
            yield return One(random, tenant, from + Duration.FromTicks((long)(span * n / count)), (double)n / count, zone, eventsPerIncident);
        }
    }

    /// <summary>Returns the change that stores a whole history as a new incident.</summary>
    public static IncidentChange ChangeFor(IReadOnlyList<IncidentEvent> events)
    {
        var incident = Incident.FromHistory(events);
        return new IncidentChange { Tenant = incident.Tenant, Incident = incident.Id, ExpectedVersion = ExpectedVersion.NoIncident, Events = events, Summary = incident.ToSummary() };
    }

    private static List<IncidentEvent> One(Random random, TenantId tenant, Instant slot, double progress, DateTimeZone zone, int pad)
    {
        // Move the opening into office hours three times in four; the rest stay where the slot fell (nights and weekends too).
        var local = slot.InZone(zone).LocalDateTime;
        if (random.NextDouble() < 0.75 && local.DayOfWeek < IsoDayOfWeek.Saturday)
        {
            local = local.Date + new LocalTime(8 + random.Next(10), random.Next(60));
        }

        var opened = local.InZoneLeniently(zone).ToInstant();
        var priority = random.NextDouble() switch { < 0.06 => 1, < 0.22 => 2, < 0.7 => 3, _ => 4 };
        var (responseTarget, resolutionTarget) = Targets[priority - 1];
        var id = new IncidentId(Guid(random));
        var events = new List<IncidentEvent>(Math.Max(pad, 16));
        Instant Next(Instant at, double minutes) => at + Duration.FromSeconds(Math.Max(1, minutes * 60));

        events.Add(new IncidentOpened(Guid(random), opened, new UserId("system:monitoring")) { Incident = id, Tenant = tenant, Title = $"{Services[random.Next(Services.Length)]} degraded", Impact = new Impact(Math.Min(3, priority)), Urgency = new Urgency(Math.Min(3, (priority + 1) / 2)), Priority = new Priority(priority), Category = new CategoryPath(Categories[Skewed(random, Categories.Length)]), AssignmentGroup = Teams[random.Next(Teams.Length)], Service = Services[Skewed(random, Services.Length)], Source = "monitoring", IsExercise = random.NextDouble() < 0.03 });
        if (random.NextDouble() < 0.6)
        {
            events.Add(new AlertLinked(Guid(random), opened, new UserId("system:monitoring"), $"alert-{random.Next(100_000)}", "prometheus")
            { AlertStartsAt = opened - Duration.FromSeconds(30 + random.Next(900)) });
        }

        // Acknowledgement gets faster through the quarter; a long tail stays.
        var ackMinutes = (2 + (Exponential(random) * 18 * (1.3 - progress))) * (priority >= 3 ? 2.5 : 1);
        var acknowledged = Next(opened, ackMinutes);
        var at = opened;
        var levels = ackMinutes > 20 ? 3 : ackMinutes > 8 ? 2 : 1;
        UserId? acker = null;
        for (var level = 1; level <= levels; level++)
        {
            at = Next(opened, (level - 1) * 8);
            var person = People[random.Next(People.Length)];
            acker ??= person;
            events.Add(new EscalationStepFired(Guid(random), at, UserId.System)
            {
                Level = level,
                Round = 1,
                Kind = level < 3 ? EscalationKind.Functional : EscalationKind.Hierarchical,
                Trigger = level == 1 ? EscalationTrigger.Started : EscalationTrigger.Timeout,
                DueAt = at,
                Targets = [],
                Recipients = [person],
                UnresolvedTargets = [],
                MissedSteps = 0,
            });
            acker = random.NextDouble() < 0.7 ? person : acker;
        }

        acknowledged = Instant.Max(acknowledged, at + Duration.FromSeconds(30));
        events.Add(new IncidentAcknowledged(Guid(random), acknowledged, acker!.Value));
        events.Add(acknowledged - opened <= responseTarget
            ? new SlaMet(Guid(random), acknowledged, UserId.System, SlaTargetKind.Response, 1, opened + responseTarget)
            : new SlaBreached(Guid(random), opened + responseTarget, UserId.System, SlaTargetKind.Response, 1, opened + responseTarget));
        events.Add(new WorkStarted(Guid(random), Next(acknowledged, 2), acker.Value));
        at = Next(acknowledged, 2);
        if (random.NextDouble() < 0.15)
        {
            var held = Next(at, 10 + random.Next(60));
            events.Add(new IncidentPutOnHold(Guid(random), held, acker.Value, "Waiting for a vendor"));
            at = Next(held, 30 + random.Next(600));
            events.Add(new IncidentResumed(Guid(random), at, acker.Value));
        }

        var resolved = Next(at, Exponential(random) * resolutionTarget.TotalMinutes * 0.45);
        events.Add(new IncidentResolved(Guid(random), resolved, acker.Value, "fixed", "Restarted and verified"));
        events.Add(resolved - opened <= resolutionTarget
            ? new SlaMet(Guid(random), resolved, UserId.System, SlaTargetKind.Resolution, 1, opened + resolutionTarget)
            : new SlaBreached(Guid(random), opened + resolutionTarget, UserId.System, SlaTargetKind.Resolution, 1, opened + resolutionTarget));
        if (random.NextDouble() < 0.06)
        {
            var reopened = Next(resolved, 30 + random.Next(600));
            events.Add(new IncidentReopened(Guid(random), reopened, acker.Value, "Symptoms returned"));
            events.Add(new IncidentAcknowledged(Guid(random), Next(reopened, 3), acker.Value));
            resolved = Next(reopened, 20 + random.Next(200));
            events.Add(new IncidentResolved(Guid(random), resolved, acker.Value, "fixed", "Second fix"));
        }

        // Pad with work notes (in time order, before the resolution) up to the wanted stream length.
        var notes = Math.Max(0, pad - events.Count);
        for (var i = 0; i < notes; i++)
        {
            var note = new WorkNoteAdded(Guid(random), acknowledged + Duration.FromTicks((long)((resolved - acknowledged).BclCompatibleTicks * (i + 1.0) / (notes + 1))), acker.Value, "Checked the dashboards");
            events.Insert(events.FindIndex(e => e.At > note.At) is var index and >= 0 ? index : events.Count, note);
        }

        return events;
    }

    private static int Skewed(Random random, int length) => Math.Min(length - 1, (int)(Exponential(random) * length / 3));

    private static double Exponential(Random random) => -Math.Log(1 - random.NextDouble());

    private static Guid Guid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
