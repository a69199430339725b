using System.Text.Json;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Storage;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Incidents;

public sealed class IncidentExerciseTests
{
    [Fact]
    public void Open_ExerciseDetails_MarksEventIncidentAndSummary()
    {
        var incident = Incident.Open(IncidentId.New(), Tenant, Details() with { IsExercise = true }, T0, Alice);

        Assert.True(Assert.IsType<IncidentOpened>(incident.Events[0]).IsExercise);
        Assert.True(incident.IsExercise);
        Assert.True(incident.ToSummary().IsExercise);
    }

    [Fact]
    public void Open_DefaultDetails_IsNotAnExercise()
    {
        var incident = Open();

        Assert.False(new NewIncident { Title = "t" }.IsExercise);
        Assert.False(Assert.IsType<IncidentOpened>(incident.Events[0]).IsExercise);
        Assert.False(incident.IsExercise);
        Assert.False(incident.ToSummary().IsExercise);
    }

    [Fact]
    public void FromHistory_ExerciseStream_KeepsTheFlag()
    {
        var live = Incident.Open(IncidentId.New(), Tenant, Details() with { IsExercise = true }, T0, Alice);
        live.Acknowledge(At(1), Alice);

        var replayed = Incident.FromHistory(live.Events);

        Assert.True(replayed.IsExercise);
        Assert.Equal(live.ToSummary(), replayed.ToSummary());
    }

    [Fact]
    public void Deserialize_OpenedEventStoredBeforeTheFlag_ReadsAsNotAnExercise()
    {
        // An IncidentOpened exactly as the stores wrote it before the flag existed.
        const string old = """
            {"type":"opened","incident":"0192f3a4-5b6c-7d8e-9f00-112233445566","tenant":"acme","title":"DB down","impact":2,"urgency":3,"priority":3,"service":"orders-db","source":"monitoring","eventId":"0192f3a4-5b6c-7d8e-9f00-665544332211","at":"2026-06-15T14:00:00Z","actor":"alice"}
            """;

        var opened = Assert.IsType<IncidentOpened>(IncidentEventSerializer.Deserialize(old));

        Assert.False(opened.IsExercise);
        Assert.False(Incident.FromHistory([opened]).IsExercise);
    }

    [Fact]
    public void Serialize_RealIncidentOpened_LeavesTheFlagOutSoStoredJsonIsUnchanged()
    {
        var opened = (IncidentOpened)Open().Events[0];

        using var document = JsonDocument.Parse(IncidentEventSerializer.Serialize(opened));

        Assert.False(document.RootElement.TryGetProperty("isExercise", out _));
    }

    [Fact]
    public void SerializeThenDeserialize_ExerciseOpened_RoundTripsTheFlag()
    {
        var opened = (IncidentOpened)Incident.Open(IncidentId.New(), Tenant, Details() with { IsExercise = true }, T0, Alice).Events[0];

        var json = IncidentEventSerializer.Serialize(opened);

        Assert.Contains("\"isExercise\":true", json, StringComparison.Ordinal);
        Assert.Equal(opened, IncidentEventSerializer.Deserialize(json));
    }

    [Fact]
    public void SummarySerializer_OldSummaryAndExerciseSummary_ReadTheFlag()
    {
        var exercise = Incident.Open(IncidentId.New(), Tenant, Details() with { IsExercise = true }, T0, Alice).ToSummary();
        var real = Open().ToSummary();

        Assert.True(IncidentSummarySerializer.Deserialize(IncidentSummarySerializer.Serialize(exercise)).IsExercise);
        var realJson = IncidentSummarySerializer.Serialize(real);
        Assert.DoesNotContain("isExercise", realJson, StringComparison.Ordinal);
        Assert.False(IncidentSummarySerializer.Deserialize(realJson).IsExercise);
    }
}
