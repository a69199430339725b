using CsCheck;
using IncidentKit.Communication;
using IncidentKit.Prioritization;
using NodaTime;
using NodaTime.Testing;
using static IncidentKit.Tests.Communication.CommunicationFixture;

namespace IncidentKit.Tests.Communication;

public class StatusUpdateScheduleTests
{
    private static readonly CommunicationPlan Critical = CommunicationPlans.Default.ForPriority(Priority.P1);

    [Fact]
    public void NextStatusUpdateDue_NoUpdateYet_IsCadenceAfterOpening()
    {
        var clock = FakeClock.FromUtc(2026, 6, 15, 10, 7, 0);
        var incident = OpenP1(at: clock.GetCurrentInstant());

        Assert.Equal(Instant.FromUtc(2026, 6, 15, 10, 37), StatusUpdateSchedule.NextStatusUpdateDue(incident, Critical));
        Assert.Equal(Instant.FromUtc(2026, 6, 15, 10, 32), StatusUpdateSchedule.NextReminder(incident, Critical));
    }

    [Fact]
    public void NextStatusUpdateDue_AfterUpdate_RestartsFromTheUpdate()
    {
        var clock = FakeClock.FromUtc(2026, 6, 15, 10, 7, 0);
        var incident = OpenP1(at: clock.GetCurrentInstant());
        clock.Advance(Duration.FromMinutes(12));
        incident.PostStatusUpdate("Investigating.", Audience.External, clock.GetCurrentInstant(), Bob);

        Assert.Equal(Instant.FromUtc(2026, 6, 15, 10, 49), StatusUpdateSchedule.NextStatusUpdateDue(incident, Critical));
    }

    [Fact]
    public void IsStatusUpdateOverdue_LateUpdate_StaysDueAtOriginalInstantThenRestartsFromTheLateUpdate()
    {
        var clock = FakeClock.FromUtc(2026, 6, 15, 10, 7, 0);
        var incident = OpenP1(at: clock.GetCurrentInstant());
        clock.Advance(Duration.FromMinutes(29));
        Assert.False(StatusUpdateSchedule.IsStatusUpdateOverdue(incident, Critical, clock.GetCurrentInstant()));

        clock.Advance(Duration.FromMinutes(16));
        Assert.True(StatusUpdateSchedule.IsStatusUpdateOverdue(incident, Critical, clock.GetCurrentInstant()));
        Assert.Equal(Instant.FromUtc(2026, 6, 15, 10, 37), StatusUpdateSchedule.NextStatusUpdateDue(incident, Critical));

        incident.PostStatusUpdate("Still investigating.", Audience.Internal, clock.GetCurrentInstant(), Bob);
        Assert.Equal(clock.GetCurrentInstant() + Duration.FromMinutes(30), StatusUpdateSchedule.NextStatusUpdateDue(incident, Critical));
    }

    [Fact]
    public void NextStatusUpdateDue_ResolvedOrNoCadence_IsNull()
    {
        var clock = FakeClock.FromUtc(2026, 6, 15, 10, 7, 0);
        var p3 = OpenP3();
        Assert.Null(StatusUpdateSchedule.NextStatusUpdateDue(p3, CommunicationPlans.Default.ForPriority(p3.Priority)));

        var incident = OpenP1(at: clock.GetCurrentInstant());
        clock.Advance(Duration.FromMinutes(5));
        incident.Acknowledge(clock.GetCurrentInstant(), Bob);
        incident.Resolve("fixed", "Gateway failed over.", clock.GetCurrentInstant(), Bob);
        Assert.Null(StatusUpdateSchedule.NextStatusUpdateDue(incident, Critical));
        Assert.Null(StatusUpdateSchedule.NextExecutiveSummaryDue(incident, Critical, clock.GetCurrentInstant()));
    }

    [Fact]
    public void NextStatusUpdateDue_Reopened_RestartsFromReopening()
    {
        var clock = FakeClock.FromUtc(2026, 6, 15, 10, 7, 0);
        var incident = OpenP1(at: clock.GetCurrentInstant());
        incident.Acknowledge(clock.GetCurrentInstant(), Bob);
        clock.Advance(Duration.FromMinutes(40));
        incident.Resolve("fixed", "Failover.", clock.GetCurrentInstant(), Bob);
        clock.Advance(Duration.FromMinutes(10));
        incident.Reopen("Errors are back.", clock.GetCurrentInstant(), Bob);

        Assert.Equal(clock.GetCurrentInstant() + Duration.FromMinutes(30), StatusUpdateSchedule.NextStatusUpdateDue(incident, Critical));
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(59, 60)]
    [InlineData(60, 120)]
    [InlineData(61, 120)]
    [InlineData(185, 240)]
    public void NextExecutiveSummaryDue_FollowsHourlyGridFromOpening(int minutesAfterOpening, int expectedMinutes)
    {
        var incident = OpenP1();

        var due = StatusUpdateSchedule.NextExecutiveSummaryDue(incident, Critical, OpenedAt + Duration.FromMinutes(minutesAfterOpening));

        Assert.Equal(OpenedAt + Duration.FromMinutes(expectedMinutes), due);
    }

    [Fact]
    public void NextStatusUpdateDue_Property_AlwaysCadenceAfterLatestUpdateOrOpening()
    {
        Gen.Int[1, 600].Array[0, 6].Sample(gaps =>
        {
            var incident = OpenP1();
            var at = OpenedAt;
            foreach (var gap in gaps)
            {
                at += Duration.FromMinutes(gap);
                incident.PostStatusUpdate("update", Audience.External, at, Bob);
            }

            return StatusUpdateSchedule.NextStatusUpdateDue(incident, Critical) == at + Duration.FromMinutes(30);
        }, iter: 300);
    }
}
