using System.Collections;
using System.Reflection;
using IncidentKit.Incidents;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentCopyTests
{
    [Fact]
    public void Copy_EveryField_EqualsTheSourceAndSharesNoCollection()
    {
        var source = Incident.Open(IncidentId.New(), Tenant, Details(), T0, Alice);
        source.Assign(Bob, "dba", At(1), Alice);
        source.LinkAlert("prom:db", "prometheus", At(2), Alice);
        source.RecordDiagnosis(DiagnosisStage.Symptoms, "slow", At(3), Alice);
        source.MarkCommitted();

        var copy = source.Copy();
        copy.AddWorkNote("only on the copy", At(4), Alice);
        copy.LinkAlert("prom:copy", null, At(4), Alice);

        // A field added to Incident later is copied by MemberwiseClone; a collection must not be shared between the two.
        foreach (var field in typeof(Incident).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
        {
            var value = field.GetValue(source);
            if (value is IEnumerable and not string)
            {
                Assert.False(ReferenceEquals(value, field.GetValue(copy)), $"{field.Name} is shared by the copy.");
            }
        }

        Assert.Equal(4, source.Version);
        Assert.Single(source.LinkedAlerts);
        Assert.Empty(source.PendingEvents);
        Assert.Equal(6, copy.Version);
        Assert.Equal(2, copy.PendingEvents.Count);
        Assert.Equal(Incident.FromHistory(source.Events).ToSummary(), source.ToSummary());
    }

    [Fact]
    public void ApplyCommitted_NewerEvents_FoldsLikeFromHistory()
    {
        var live = Incident.Open(IncidentId.New(), Tenant, Details(), T0, Alice);
        live.Acknowledge(At(1), Alice);
        live.AddWorkNote("n", At(2), Alice);
        var held = Incident.FromHistory(live.Events.Take(1));

        held.ApplyCommitted([.. live.Events.Skip(1)]);

        Assert.Equal(Incident.FromHistory(live.Events).ToSummary(), held.ToSummary());
        Assert.Equal(1, held.WorkNoteCount);
        Assert.Throws<InvalidOperationException>(() => live.ApplyCommitted([]));
    }

    [Fact]
    public void LinkAlert_KeyLinkedByEventsFoldedInAfterAnEarlierCheck_Throws()
    {
        var live = Incident.Open(IncidentId.New(), Tenant, Details(), T0, Alice);
        live.LinkAlert("prom:a", "prometheus", At(1), Alice);
        live.MarkCommitted();
        var held = Incident.FromHistory(live.Events);
        Assert.Throws<ArgumentException>(() => held.LinkAlert("prom:a", null, At(2), Alice));
        live.LinkAlert("prom:b", "prometheus", At(2), Alice);
        live.MarkCommitted();

        // The links held knows of were checked once already; those folded in since must count too.
        held.ApplyCommitted([.. live.Events.Skip((int)held.Version)]);

        Assert.Throws<ArgumentException>(() => held.LinkAlert("prom:b", null, At(3), Alice));
        held.LinkAlert("prom:c", null, At(3), Alice);
        Assert.Equal(["prom:a", "prom:b", "prom:c"], held.LinkedAlerts);
    }
}
