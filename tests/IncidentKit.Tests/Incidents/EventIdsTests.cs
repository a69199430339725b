using IncidentKit.Incidents;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

public sealed class EventIdsTests
{
    [Fact]
    public void NewVersion7_ManyIds_AreUniqueVersion7AndCarryTheMillisecond()
    {
        var ids = Enumerable.Range(0, 5_000).Select(_ => EventIds.NewVersion7(T0)).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.All(ids, id => Assert.Equal(0b10, id.Variant >> 2));

        // The first 48 bits are the Unix milliseconds, as Guid.CreateVersion7 writes them.
        var reference = Guid.CreateVersion7(T0.ToDateTimeOffset());
        Assert.All(ids, id => Assert.Equal(reference.ToString("N")[..12], id.ToString("N")[..12]));
    }

    [Fact]
    public void NewVersion7_LaterInstant_SortsLater()
    {
        var earlier = EventIds.NewVersion7(T0);
        var later = EventIds.NewVersion7(T0 + Duration.FromMilliseconds(1));
        Assert.True(string.CompareOrdinal(earlier.ToString("N"), later.ToString("N")) < 0);
    }

    [Fact]
    public void Open_BeforeTheUnixEpochOrAtTheEndOfTime_StillGetsEventIds()
    {
        // Guid.CreateVersion7 refuses instants before 1970; an incident imported from an old system must still open.
        var old = Incident.Open(IncidentId.New(), Tenant, Details(), Instant.FromUtc(1969, 7, 20, 20, 17), Alice);
        Assert.Equal(7, old.Events[0].EventId.Version);
        var late = Incident.Open(IncidentId.New(), Tenant, Details(), Instant.FromUtc(9999, 12, 31, 23, 59), Alice);
        late.Acknowledge(Instant.MaxValue, Bob);
        Assert.Equal(2, late.Events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public async Task NewVersion7_FromManyThreads_AreUnique()
    {
        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(
            () => Enumerable.Range(0, 2_000).Select(_ => EventIds.NewVersion7(T0)).ToArray(), TestContext.Current.CancellationToken)));
        var all = batches.SelectMany(b => b).ToArray();
        Assert.Equal(all.Length, all.Distinct().Count());
    }
}
