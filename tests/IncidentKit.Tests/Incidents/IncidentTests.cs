using System.Reflection;
using IncidentKit.Incidents;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentTests
{
    // A decision that called MarkCommitted after Acknowledge returned an acknowledged incident while the store still said New;
    // delivery facts are the dispatcher's to record through IncidentService. Neither is a decision's business (issue 14).
    [Theory]
    [InlineData("MarkCommitted")]
    [InlineData("RecordNotificationDelivered")]
    [InlineData("RecordNotificationFailed")]
    [InlineData("RecordNotificationDropped")]
    public void PublicSurface_CommitAndDeliveryPlumbing_IsNotPublic(string method)
    {
        Assert.DoesNotContain(typeof(Incident).GetMethods(BindingFlags.Public | BindingFlags.Instance), m => m.Name == method);
        Assert.Contains(typeof(Incident).GetMethods(BindingFlags.NonPublic | BindingFlags.Instance), m => m.Name == method);
    }

    [Fact]
    public void PublicSurface_DeliveryFacts_AreRecordedThroughIncidentService()
    {
        var names = typeof(IncidentService).GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name).ToHashSet();

        Assert.Contains("RecordNotificationDeliveredAsync", names);
        Assert.Contains("RecordNotificationFailedAsync", names);
        Assert.Contains("DropIfNoLongerWantedAsync", names);
    }
}
