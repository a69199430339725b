using CsCheck;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;
using static IncidentKit.Tests.Sla.SlaTestData;

namespace IncidentKit.Tests.Sla;

public class SlaEnginePropertyTests
{
    // Late October 2026: London leaves summer time on Sunday the 25th, so histories cross a clock change and weekends.
    private static readonly Instant Origin = Instant.FromUtc(2026, 10, 19, 0, 0);

    private static readonly Gen<(int Start, (int Op, int Gap)[] Steps)> Histories =
        Gen.Select(Gen.Int[0, 60 * 24 * 10], Gen.Select(Gen.Int[0, 6], Gen.Int[1, 60 * 30]).Array[0, 20]);

    [Fact]
    public void Evaluate_RandomHistories_MatchANaiveRecomputationFromThePauseList()
    {
        var restart = Engine(SlaReopenMode.Restart);
        var carryOn = Engine(SlaReopenMode.Continue);
        Histories.Sample(h =>
        {
            var script = Script(h.Start, h.Steps);
            var asOf = script.Last + Duration.FromMinutes(37);
            var naive = script.Naive;
            Duration resolutionTarget = Duration.FromHours(naive.Priority == Priority.P1 ? 8 : 16);
            Duration responseTarget = Duration.FromHours(naive.Priority == Priority.P1 ? 2 : 4);

            var r = restart.Evaluate(script.History.Events, asOf);
            var c = carryOn.Evaluate(script.History.Events, asOf);

            Assert.Equal(Office.AddBusinessTime(naive.Opened, responseTarget), r.Response.DueAt);
            Assert.Equal(Office.AddBusinessTime(naive.CycleStart, resolutionTarget, naive.Holds), r.Resolution.DueAt);
            Assert.Equal(Office.BusinessTimeBetween(naive.CycleStart, naive.ResolvedAt ?? asOf, naive.Holds), r.Resolution.Elapsed);
            var continuePauses = naive.Holds.Concat(naive.ResolvedSpells).ToList();
            Assert.Equal(Office.AddBusinessTime(naive.Opened, resolutionTarget, continuePauses), c.Resolution.DueAt);
            Assert.Equal(Office.BusinessTimeBetween(naive.Opened, naive.ResolvedAt ?? asOf, continuePauses), c.Resolution.Elapsed);
            if (naive.OnHold && naive.ResolvedAt is null)
            {
                // On hold: paused with no due instant, unless the target fell due before the hold began.
                Assert.Equal(r.Resolution.DueAt is { } d && d <= asOf ? SlaClockStatus.Breached : SlaClockStatus.Paused, r.Resolution.Status);
                Assert.True(r.Resolution.DueAt is null || r.Resolution.DueAt <= naive.Holds[^1].Start);
            }

            // Every threshold the engine reports for the current resolution cycle is the naive AddBusinessTime of its share.
            foreach (var d in restart.GetDueEvents(script.History.Events, Instant.MaxValue)
                         .Where(d => d.Target == SlaTargetKind.Resolution && d.Kind == SlaEventKind.Warning && d.Cycle == r.Resolution.Cycle))
            {
                Assert.Equal(Office.AddBusinessTime(naive.CycleStart, Duration.FromTicks(resolutionTarget.BclCompatibleTicks * d.Percent / 100), naive.Holds), d.At);
            }
        }, iter: 400);
    }

    [Fact]
    public void GetDueEvents_RecordedInAnyChunks_EndUpTheSameAsOneBatch()
    {
        var engine = Engine();
        Gen.Select(Histories, Gen.Int[1, 8]).Sample((h, chunks) =>
        {
            var script = Script(h.Start, h.Steps);
            var end = script.Last + Duration.FromDays(5);
            var once = IncidentKit.Incidents.Incident.FromHistory(script.History.Events);
            once.RecordDueSlaEvents(engine, end, UserId.System);

            var stepwise = IncidentKit.Incidents.Incident.FromHistory(script.History.Events);
            var span = end - script.History.Events[0].At;
            for (int i = 1; i <= chunks; i++)
            {
                stepwise.RecordDueSlaEvents(engine, script.History.Events[0].At + (span * i / chunks), UserId.System);
                stepwise = IncidentKit.Incidents.Incident.FromHistory(stepwise.Events);
            }

            Assert.Equal(Keys(once), Keys(stepwise));
            Assert.Empty(engine.GetDueEvents(stepwise.Events, end));
        }, iter: 150);
    }

    private static List<string> Keys(IncidentKit.Incidents.Incident incident) => [.. incident.Events.Skip(1).Select(e => e switch
    {
        IncidentKit.Incidents.Events.SlaWarningReached w => $"{w.Target}/{w.Cycle}/W{w.Percent}@{w.At}",
        IncidentKit.Incidents.Events.SlaBreached b => $"{b.Target}/{b.Cycle}/B@{b.At}",
        IncidentKit.Incidents.Events.SlaMet m => $"{m.Target}/{m.Cycle}/M@{m.At}",
        _ => null,
    }).OfType<string>().Order(StringComparer.Ordinal)];

    private sealed class NaiveFacts
    {
        public Instant Opened { get; set; }

        public Priority Priority { get; set; }

        public Instant CycleStart { get; set; }

        public Instant? ResolvedAt { get; set; }

        public bool OnHold { get; set; }

        public List<Interval> Holds { get; } = [];

        public List<Interval> ResolvedSpells { get; } = [];
    }

    private sealed record Scripted(SlaHistory History, NaiveFacts Naive, Instant Last);

    // Builds a valid history from random operations and, independently, the facts a naive recomputation needs.
    private static Scripted Script(int startMinutes, (int Op, int Gap)[] steps)
    {
        var at = Origin + Duration.FromMinutes(startMinutes);
        var history = SlaHistory.Opened(at, Priority.P1);
        var naive = new NaiveFacts { Opened = at, Priority = Priority.P1, CycleStart = at };
        Instant? holdStart = null;
        bool resolved = false;
        foreach (var (op, gap) in steps)
        {
            at += Duration.FromMinutes(gap);
            switch (op)
            {
                case 0 when !resolved && holdStart is null:
                    history.Acknowledged(at);
                    break;
                case 1 when !resolved && holdStart is null:
                    history.OnHold(at);
                    holdStart = at;
                    break;
                case 2 when holdStart is { } s:
                    history.Resumed(at);
                    naive.Holds.Add(new Interval(s, at));
                    holdStart = null;
                    break;
                case 3:
                    naive.Priority = naive.Priority == Priority.P1 ? Priority.P3 : Priority.P1;
                    history.PriorityChanged(at, naive.Priority);
                    break;
                case 4:
                    history.WorkNote(at);
                    break;
                case 5 when !resolved:
                    if (holdStart is { } h)
                    {
                        naive.Holds.Add(new Interval(h, at));
                        holdStart = null;
                    }

                    history.Resolved(at);
                    resolved = true;
                    naive.ResolvedAt = at;
                    break;
                case 6 when resolved:
                    history.Reopened(at);
                    naive.ResolvedSpells.Add(new Interval(naive.ResolvedAt!.Value, at));
                    resolved = false;
                    naive.ResolvedAt = null;
                    naive.CycleStart = at;
                    break;
            }
        }

        if (holdStart is { } open)
        {
            naive.Holds.Add(new Interval(open, null));
            naive.OnHold = true;
        }

        return new Scripted(history, naive, at);
    }
}
