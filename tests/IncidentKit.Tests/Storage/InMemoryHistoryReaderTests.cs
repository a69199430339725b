using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Storage;

// The in-memory store's reporting read hands out views of its streams' append-only event arrays, not copies.
public sealed class InMemoryHistoryReaderTests
{
    private static readonly Interval Period = new(T0 - Duration.FromDays(1), T0 + Duration.FromDays(30));

    [Fact]
    public async Task ReadActiveAsync_AppendsAfterTheSnapshot_LeaveEveryHistoryAsItWasRead()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new InMemoryIncidentStore();
        List<Incident> incidents = [];
        for (var n = 0; n < 3; n++)
        {
            var incident = Open(at: T0 + Duration.FromMinutes(n));
            await CommitAsync(store, incident, ct);
            incidents.Add(incident);
        }

        List<(IncidentHistory History, IncidentEvent[] Expected)> read = [];
        await foreach (var history in store.ReadActiveAsync(Tenant, Period, ct))
        {
            var incident = incidents.Single(i => i.Id == history.Incident);
            read.Add((history, [incident.Events[0]])); // each stream held its opening only when the read began
            if (read.Count == 1)
            {
                // Grow every stream well past its array while the read is under way: each one moves to a larger array.
                foreach (var other in incidents)
                {
                    for (var note = 0; note < 40; note++)
                    {
                        other.AddWorkNote("note " + note, At(10 + note), Alice);
                    }

                    await CommitAsync(store, other, ct);
                }
            }
        }

        Assert.Equal(3, read.Count);
        foreach (var (history, expected) in read)
        {
            Assert.Equal(1, history.Version);
            Assert.Equal(expected, history.Events);
            Assert.Equal(expected, history.Events.ToArray());
            Assert.Equal(expected, Incident.FromHistory(history.Events).Events.ToArray());
            Assert.Throws<ArgumentOutOfRangeException>(() => history.Events[1]);
            var collection = Assert.IsAssignableFrom<ICollection<IncidentEvent>>(history.Events);
            Assert.True(collection.IsReadOnly);
            Assert.Throws<NotSupportedException>(() => collection.Add(expected[0]));
        }

        // A new read sees the whole streams, and ReadAsync still reads from any version.
        await foreach (var history in store.ReadActiveAsync(Tenant, Period, ct))
        {
            Assert.Equal(41, history.Events.Count);
            Assert.Equal(incidents.Single(i => i.Id == history.Incident).Events, history.Events);
        }

        var tail = await store.ReadAsync(Tenant, incidents[0].Id, 39, ct);
        Assert.Equal(41, tail.Version);
        Assert.Equal(incidents[0].Events.Skip(39), tail.Events);
    }

    [Fact]
    public async Task ReadActiveAsync_IncidentSettlesAndReopens_IsReadOnceWithItsLatestOpeningAndSettling()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new InMemoryIncidentStore();
        var incident = Open();
        incident.Acknowledge(At(1), Alice);
        incident.Resolve("fixed", "done", At(2), Alice);
        await CommitAsync(store, incident, ct);
        var before = new Interval(T0 + Duration.FromDays(1), T0 + Duration.FromDays(2));
        Assert.Empty(await ReadAllAsync(store, before, ct));

        // Reopened: open again, so active in any later period; the index entry was replaced, not duplicated.
        incident.Reopen("again", At(3), Alice);
        await CommitAsync(store, incident, ct);
        Assert.Equal([incident.Id], (await ReadAllAsync(store, before, ct)).Select(h => h.Incident));
        Assert.Equal([incident.Id], (await ReadAllAsync(store, Period, ct)).Select(h => h.Incident));
        Assert.Empty(await ReadAllAsync(store, new Interval(T0 - Duration.FromDays(2), T0), ct));
    }

    private static async Task CommitAsync(InMemoryIncidentStore store, Incident incident, CancellationToken ct)
    {
        await store.AppendAsync(IncidentChange.For(incident), ct);
        incident.MarkCommitted();
    }

    private static async Task<List<IncidentHistory>> ReadAllAsync(InMemoryIncidentStore store, Interval period, CancellationToken ct)
    {
        List<IncidentHistory> histories = [];
        await foreach (var history in store.ReadActiveAsync(Tenant, period, ct))
        {
            histories.Add(history);
        }

        return histories;
    }
}
