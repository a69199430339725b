using CsCheck;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;
using static IncidentKit.Tests.Escalation.EscalationTestKit;

namespace IncidentKit.Tests.Escalation;

// Random policies (1-5 levels, delays 0-30 min with the last level's positive so every loop takes time, forward jumps, 0-3
// repeats) checked against an independent oracle: the ideal timeline of the walk, written out position by position.
public sealed class EscalationWalkPropertyTests
{
    private static readonly Gen<EscalationPolicy> GenPolicy =
        from count in Gen.Int[1, 5]
        from delays in Gen.Int[0, 30].Array[count]
        from jumps in Gen.Int[0, 5].Array[count]
        from repeats in Gen.Int[0, 3]
        from fromLevel in Gen.Int[1, count]
        select Policy(delays, jumps, repeats, fromLevel);

    private static readonly Gen<int[]> GenGaps = Gen.Int[0, 40].Array[1, 12];

    [Fact]
    public void Walk_TickedAtEveryNextDueAt_FiresExactlyTheIdealTimeline()
    {
        GenPolicy.Sample(policy =>
        {
            var (engine, incident) = Start(policy);
            var fired = new List<(int, int, Instant)>();
            for (var at = (Instant?)T0; at is { } now; at = engine.Fold(incident.Events).NextDueAt)
            {
                fired.AddRange(engine.Tick(incident, now).Select(s => (s.Level, s.Round, s.DueAt)));
                Assert.True(fired.Count <= 100, "The walk does not end.");
            }

            Assert.Equal(Timeline(policy), fired);
        }, iter: 300);
    }

    [Fact]
    public void Walk_TickedAtRandomInstants_FiresOnlyTheLatestDueGroupAndNothingTwice()
    {
        Gen.Select(GenPolicy, GenGaps).Sample((policy, gaps) =>
        {
            var timeline = Timeline(policy);
            var (engine, incident) = Start(policy);
            var now = T0;
            var next = 0;
            foreach (var gap in gaps.Prepend(0))
            {
                now += Minutes(gap);
                var steps = engine.Tick(incident, now);

                // Oracle: of the timeline positions not fired yet and due by now, only those due at the latest instant fire.
                var due = timeline.Skip(next).TakeWhile(p => p.Due <= now).ToList();
                var group = due.Count == 0 ? [] : due.Where(p => p.Due == due[^1].Due).ToList();
                Assert.Equal(group, steps.Select(s => (s.Level, s.Round, s.DueAt)));
                Assert.Equal(due.Count - group.Count, steps.Sum(s => s.MissedSteps));
                next += due.Count;

                // A host that restarts now and asks again fires nothing.
                Assert.True(engine.Decide(Incident.FromHistory(incident.Events), now, Complexity.Standard).IsEmpty);
            }
        }, iter: 300);
    }

    // Triggers at random minutes (SLA warnings and breaches of the three targets, priority raises, an acknowledgement), some of
    // them at the same instant as each other or as a timeout, with the worker up (deciding at every due instant) or down
    // (deciding only when the next trigger is recorded). Whatever coincides: one page per (incident, level, cycle), and
    // after the acknowledgement neither the walk nor an SLA event pages.
    [Fact]
    public void Decide_RandomTriggerTimings_PagesEachLevelOncePerCycleAndNothingAutomaticAfterAcknowledgement()
    {
        var genTriggers = Gen.Select(Gen.Int[0, 90], Gen.Int[0, 7]).Array[1, 10];
        var genKinds = Gen.Bool.Array[5];
        Gen.Select(GenPolicy, genKinds, genTriggers, Gen.Bool.Array[10]).Sample((policy, hierarchical, triggers, workerUp) =>
        {
            policy = WithKinds(policy, hierarchical);
            var (engine, incident) = Start(policy);
            var sorted = triggers.OrderBy(t => t.Item1).ToArray();
            for (var i = 0; i < sorted.Length; i++)
            {
                var (minute, what) = sorted[i];
                var at = T0 + Minutes(minute);
                if (workerUp[i % workerUp.Length])
                {
                    for (var due = engine.Fold(incident.Events).NextDueAt; due is { } d && d < at; due = engine.Fold(incident.Events).NextDueAt)
                    {
                        engine.Tick(incident, d);
                    }
                }

                var target = (IncidentKit.Sla.SlaTargetKind)(what % 3);
                switch (what)
                {
                    case < 3:
                        incident.RecordExternal(Warning(at, 75, target));
                        break;
                    case < 6:
                        incident.RecordExternal(Breach(at, target));
                        break;
                    case 6 when incident.Priority.Level > 1:
                        var raised = incident.Priority.Level == 3 ? (Impact.High, Urgency.Medium) : (Impact.High, Urgency.High);
                        incident.Reassess(raised.Item1, raised.Item2, "Worse", at, Alice);
                        break;
                    case 7 when incident.State == IncidentState.New:
                        incident.Acknowledge(at, Bob);
                        break;
                }

                engine.Tick(incident, at);
            }

            for (var (due, n) = (engine.Fold(incident.Events).NextDueAt, 0); due is { } d && n < 200; due = engine.Fold(incident.Events).NextDueAt, n++)
            {
                engine.Tick(incident, d);
            }

            var cycle = 0;
            var acknowledged = false;
            var paged = new HashSet<(int Cycle, int Round, int Level)>();
            foreach (var e in incident.Events)
            {
                acknowledged |= e is IncidentAcknowledged;
                if (e is EscalationStarted)
                {
                    cycle++;
                }
                else if (e is EscalationStepFired step)
                {
                    Assert.True(paged.Add((cycle, step.Round, step.Level)), $"Level {step.Level} paged twice in round {step.Round} of cycle {cycle} (at {step.At}, {step.Trigger}).");
                    Assert.False(acknowledged && step.Trigger is not EscalationTrigger.PriorityRaised and not EscalationTrigger.MatrixRule,
                        $"Level {step.Level} paged at {step.At} by {step.Trigger} after the acknowledgement.");
                }
            }

            Assert.Equal(0, engine.Fold(incident.Events).PendingTriggerCount);
        }, iter: 400);
    }

    private static EscalationPolicy WithKinds(EscalationPolicy policy, bool[] hierarchical)
    {
        var builder = new EscalationPolicyBuilder(policy.Id, policy.Name) { Repeat = policy.Repeat };
        for (var i = 0; i < policy.Levels.Count; i++)
        {
            builder.AddLevel(policy.Levels[i] with { Kind = hierarchical[i] ? EscalationKind.Hierarchical : EscalationKind.Functional });
        }

        return builder.Build();
    }

    private static (EscalationEngine Engine, Incident Incident) Start(EscalationPolicy policy) =>
        (Engine(new EscalationMatrixBuilder().UseFallback(policy).Build()), Open(Priority.P3, T0));

    private static EscalationPolicy Policy(int[] delays, int[] jumps, int repeats, int fromLevel)
    {
        var builder = new EscalationPolicyBuilder("random", "Random").RepeatTimes(repeats, fromLevel);
        for (var i = 0; i < delays.Length; i++)
        {
            var minutes = i == delays.Length - 1 ? Math.Max(delays[i], 1) : delays[i];
            var jump = jumps[i] > i + 1 && jumps[i] <= delays.Length ? jumps[i] : (int?)null;
            builder.AddLevel(new EscalationLevel([EscalationTarget.User(Alice)], Minutes(minutes), EscalationKind.Functional, jump, AllowZeroDelay: minutes == 0));
        }

        return builder.Build();
    }

    private static List<(int Level, int Round, Instant Due)> Timeline(EscalationPolicy policy)
    {
        var timeline = new List<(int, int, Instant)>();
        var (index, round, due) = (0, 0, T0);
        while (true)
        {
            timeline.Add((index + 1, round + 1, due));
            due += policy.Levels[index].Delay;
            if (policy.Levels[index].JumpTo is { } jump)
            {
                index = jump - 1;
            }
            else if (index + 1 < policy.Levels.Count)
            {
                index++;
            }
            else if (round < policy.Repeat.Count)
            {
                (index, round) = (policy.Repeat.FromLevel - 1, round + 1);
            }
            else
            {
                return timeline;
            }
        }
    }
}
