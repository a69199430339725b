using System.Diagnostics.CodeAnalysis;
using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Tests.Escalation;

// Shared fixtures: three people on a primary schedule, a tier-2 team, managers by role, and the policies and matrix the
// escalation scenarios run on. Everything runs on scripted instants of a FakeClock.
internal static class EscalationTestKit
{
    public static readonly UserId Alice = new("alice");
    public static readonly UserId Bob = new("bob");
    public static readonly UserId Carol = new("carol");
    public static readonly UserId Dave = new("dave");
    public static readonly UserId Erin = new("erin");
    public static readonly UserId Frank = new("frank");
    public static readonly UserId Reporter = new("reporter");

    public static readonly Instant T0 = Instant.FromUtc(2026, 3, 2, 9, 0);

    public static Duration Minutes(int m) => Duration.FromMinutes(m);

    public static FakeClock Clock() => new(T0);

    // Levels: 1 primary on call (5 min), 2 tier-2 team (10 min), 3 service owner's manager (15 min); 2 repeats.
    public static EscalationPolicy Standard(int repeats = 2) => new EscalationPolicyBuilder("standard", "Standard")
        .AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.Schedule("primary"))
        .AddLevel(EscalationKind.Functional, Minutes(10), EscalationTarget.Team("tier2"))
        .AddLevel(EscalationKind.Hierarchical, Minutes(15), EscalationTarget.Role("service-owner-manager"))
        .RepeatTimes(repeats)
        .Build();

    public static EscalationPolicy Major() => new EscalationPolicyBuilder("major", "Major incident")
        .AddLevel(EscalationKind.Functional, Minutes(2), EscalationTarget.Schedule("primary"), EscalationTarget.User(Bob))
        .AddLevel(EscalationKind.Functional, Minutes(5), EscalationTarget.Team("tier2"))
        .AddLevel(EscalationKind.Hierarchical, Minutes(10), EscalationTarget.Role("incident-commander"))
        .AddLevel(EscalationKind.Hierarchical, Minutes(10), EscalationTarget.User(Frank))
        .RepeatForever()
        .Build();

    public static EscalationMatrix Matrix(EscalationPolicy? standard = null, EscalationPolicy? major = null) =>
        new EscalationMatrixBuilder()
            .AddRule("p1-security", major ?? Major(), priorityAtLeast: Priority.P1, categoryWithin: new CategoryPath("Security"), startLevel: 2, notifyHierarchicalAtOnce: true)
            .AddRule("p1", major ?? Major(), priorityAtLeast: Priority.P1)
            .AddRule("complex-p2", major ?? Major(), priorityAtLeast: Priority.P2, complexityAtLeast: Complexity.Complex)
            .UseFallback(standard ?? Standard())
            .Build();

    public static FakeOnCall PrimaryOnCall() => new FakeOnCall()
        .Add("primary", new Interval(T0 - Duration.FromDays(30), T0 + Duration.FromDays(30)), Alice);

    public static FakeDirectory Directory() => new FakeDirectory()
        .Team("tier2", Carol, Bob)
        .Role("service-owner-manager", Dave)
        .Role("incident-commander", Erin);

    public static EscalationEngine Engine(EscalationMatrix? matrix = null, EscalationOptions? options = null) =>
        new(matrix ?? Matrix(), PrimaryOnCall(), Directory(), options);

    // P1 = high impact × high urgency; P3 = medium × medium in the default ITIL matrix.
    public static Incident Open(Priority priority, Instant at, string? category = null)
    {
        var (impact, urgency) = priority.Level switch
        {
            1 => (Impact.High, Urgency.High),
            2 => (Impact.High, Urgency.Medium),
            3 => (Impact.Medium, Urgency.Medium),
            4 => (Impact.Medium, Urgency.Low),
            _ => (Impact.Low, Urgency.Low),
        };
        return Incident.Open(new IncidentId(Guid.CreateVersion7()), new TenantId("acme"),
            new NewIncident { Title = "Checkout fails", Impact = impact, Urgency = urgency, Category = category is null ? null : new CategoryPath(category), Service = "checkout" },
            at, Reporter);
    }

    // One worker tick: decide, record, return the steps that fired.
    public static IReadOnlyList<EscalationStepFired> Tick(this EscalationEngine engine, Incident incident, Instant now, Complexity complexity = Complexity.Standard)
    {
        var decision = engine.Decide(incident, now, complexity);
        incident.RecordEscalation(decision);
        return decision.Steps;
    }

    public static SlaWarningReached Warning(Instant at, int percent, SlaTargetKind target = SlaTargetKind.Response) =>
        new(Guid.CreateVersion7(), at, UserId.System, target, 1, percent, at + Minutes(10));

    public static SlaBreached Breach(Instant at, SlaTargetKind target = SlaTargetKind.Resolution) =>
        new(Guid.CreateVersion7(), at, UserId.System, target, 1, at);
}

internal sealed class FakeOnCall : IOnCallResolver
{
    private readonly Dictionary<string, List<(Interval Shift, UserId[] Users)>> _schedules = new(StringComparer.Ordinal);

    public int Calls { get; private set; }

    public FakeOnCall Add(string schedule, Interval shift, params UserId[] users)
    {
        if (!_schedules.TryGetValue(schedule, out var shifts))
        {
            _schedules[schedule] = shifts = [];
        }

        shifts.Add((shift, users));
        return this;
    }

    public bool TryGetOnCall(string scheduleId, Instant at, [NotNullWhen(true)] out IReadOnlyList<UserId>? users)
    {
        Calls++;
        users = null;
        if (!_schedules.TryGetValue(scheduleId, out var shifts))
        {
            return false;
        }

        users = shifts.Where(s => s.Shift.Contains(at)).SelectMany(s => s.Users).ToArray();
        return true;
    }

    public bool TryGetGaps(string scheduleId, Interval window, [NotNullWhen(true)] out IReadOnlyList<Interval>? gaps)
    {
        gaps = null;
        if (!_schedules.TryGetValue(scheduleId, out var shifts))
        {
            return false;
        }

        var found = new List<Interval>();
        var cursor = window.Start;
        foreach (var (shift, _) in shifts.OrderBy(s => s.Shift.Start))
        {
            if (shift.End <= cursor || shift.Start >= window.End)
            {
                continue;
            }

            if (shift.Start > cursor)
            {
                found.Add(new Interval(cursor, shift.Start));
            }

            cursor = Instant.Max(cursor, shift.End);
        }

        if (cursor < window.End)
        {
            found.Add(new Interval(cursor, window.End));
        }

        gaps = found;
        return true;
    }
}

internal sealed class FakeDirectory : IEscalationDirectory
{
    private readonly Dictionary<string, UserId[]> _teams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserId[]> _roles = new(StringComparer.Ordinal);

    public List<EscalationSubject> RoleQueries { get; } = [];

    public FakeDirectory Team(string name, params UserId[] members)
    {
        _teams[name] = members;
        return this;
    }

    public FakeDirectory Role(string name, params UserId[] holders)
    {
        _roles[name] = holders;
        return this;
    }

    public bool TryGetTeamMembers(string team, [NotNullWhen(true)] out IReadOnlyList<UserId>? members)
    {
        members = _teams.GetValueOrDefault(team);
        return members is not null;
    }

    public bool TryGetRoleHolders(string role, EscalationSubject subject, [NotNullWhen(true)] out IReadOnlyList<UserId>? holders)
    {
        RoleQueries.Add(subject);
        holders = _roles.GetValueOrDefault(role);
        return holders is not null;
    }
}
