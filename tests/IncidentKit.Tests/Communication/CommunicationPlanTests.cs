using IncidentKit.Communication;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Tests.Communication;

public class CommunicationPlanTests
{
    [Fact]
    public void Default_P1_UpdatesEvery30MinutesAndSummarisesHourly()
    {
        var plan = CommunicationPlans.Default.ForPriority(Priority.P1);

        Assert.Equal("critical", plan.Name);
        Assert.Equal(Duration.FromMinutes(30), plan.StatusUpdateEvery);
        Assert.Equal(Duration.FromHours(1), plan.ExecutiveSummaryEvery);
        Assert.Equal([Recipient.ForGroup("executives")], plan.ExecutiveRecipients);
        Assert.Contains("sla-breached", plan.NotifyOn);
    }

    [Fact]
    public void Default_P3AndBelow_NotifyOnStateChangesOnly()
    {
        foreach (var priority in new[] { Priority.P3, Priority.P4, Priority.P5 })
        {
            var plan = CommunicationPlans.Default.ForPriority(priority);

            Assert.Equal("standard", plan.Name);
            Assert.Null(plan.StatusUpdateEvery);
            Assert.Null(plan.ExecutiveSummaryEvery);
            Assert.True(plan.NotifyOn.SetEquals(NotificationEventKinds.StateChanges));
        }
    }

    [Fact]
    public void With_ReplacesOnePriorityAndLeavesTheOriginalUnchanged()
    {
        var quiet = new CommunicationPlanBuilder("quiet").NotifyOn("resolved").UseChannels("chat").Build();

        var plans = CommunicationPlans.Default.With(Priority.P2, quiet);

        Assert.Same(quiet, plans.ForPriority(Priority.P2));
        Assert.Equal("high", CommunicationPlans.Default.ForPriority(Priority.P2).Name);
        Assert.Equal("critical", plans.ForPriority(Priority.P1).Name);
    }

    [Fact]
    public void Build_InvalidPlan_ListsEveryProblem()
    {
        var builder = new CommunicationPlanBuilder("broken")
            .NotifyOn("opened", "bogus")
            .StatusUpdateEvery(Duration.FromMinutes(10), Duration.FromMinutes(15))
            .ExecutiveSummaryEvery(Duration.Zero);

        var ex = Assert.Throws<ConfigurationValidationException>(builder.Build);

        Assert.Equal(4, ex.Errors.Count);
        Assert.Contains("broken", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBuilder_RoundTripsEverySetting()
    {
        var plan = CommunicationPlans.Default.ForPriority(Priority.P1);

        var copy = plan.ToBuilder().Build();

        Assert.True(copy.NotifyOn.SetEquals(plan.NotifyOn));
        Assert.Equal(plan.Channels, copy.Channels);
        Assert.Equal(plan.StatusUpdateEvery, copy.StatusUpdateEvery);
        Assert.Equal(plan.RemindBefore, copy.RemindBefore);
        Assert.Equal(plan.ExecutiveSummaryEvery, copy.ExecutiveSummaryEvery);
        Assert.Equal(plan.ExecutiveRecipients, copy.ExecutiveRecipients);
    }
}
