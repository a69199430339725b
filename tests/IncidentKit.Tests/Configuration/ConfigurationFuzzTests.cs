using CsCheck;
using IncidentKit.Calendars;
using IncidentKit.Escalation;
using IncidentKit.OnCall;
using IncidentKit.Sla;
using IncidentKit.Tests.TestSupport;

namespace IncidentKit.Tests.Configuration;

/// <summary>Random mutations of valid documents give only the documented exception of each reader, never another.</summary>
public sealed class ConfigurationFuzzTests
{
    // 10 000 cases per reader keeps each test to a few seconds on the shared CI machine.
    private const int Cases = 10_000;

    private const string Calendar = """
        { "versions": [
            { "effectiveFrom": null, "calendar": { "timeZone": "Europe/London", "weekly": { "monday": ["09:00-12:30", "13:30-17:30"], "friday": ["22:00-06:00"] },
              "holidays": ["2026-12-25"], "exceptions": { "2026-12-24": ["09:00-12:00"], "2026-12-31": [] } } },
            { "effectiveFrom": "2027-01-01T00:00:00Z", "calendar": { "timeZone": "UTC", "weekly": { "tuesday": ["00:00-24:00"] } } } ] }
        """;

    private const string Sla = """
        { "policies": [
            { "name": "acme", "when": { "tenant": "acme", "category": "network", "priorities": ["P1", "P2"] }, "calendar": "office",
              "targets": { "P1": { "response": "15m", "resolution": { "within": "PT4H", "calendar": null }, "update": "1h30m" } },
              "warnings": { "resolution": [50, 80] }, "pausedBy": { "resolution": ["onHold"] }, "reopen": "continue" },
            { "name": "standard", "targets": { "P3": { "resolution": "24h" } } } ] }
        """;

    private const string Schedule = """
        { "id": "dba", "timeZone": "Europe/London",
          "layers": [ { "name": "daily", "participants": ["alice", "grace"], "start": "2026-03-23T09:00", "turn": "1d", "end": "2026-09-01T00:00",
                        "restrictions": [ { "days": "weekdays", "from": "09:00", "to": "17:00" }, { "days": ["saturday"], "from": "22:00", "to": "24:00" } ] } ],
          "overrides": [ { "start": "2026-03-28T18:00:00Z", "end": "2026-03-29T09:00:00Z", "onCall": "erin", "replacing": "grace" } ],
          "temporary": [ { "start": "2026-04-01T00:00:00Z", "end": "2026-04-01T06:00:00Z", "onCall": ["carol"] } ] }
        """;

    private const string Matrix = """
        { "policies": [
            { "id": "standard", "name": "Standard", "version": 2, "repeat": { "times": 2, "from": 1 }, "levels": [
                { "kind": "functional", "delay": "5m", "targets": ["schedule:dba"], "allowZeroDelay": false },
                { "kind": "hierarchical", "delay": "P1D", "targets": ["role:manager", "team:dba", "user:alice"], "jumpTo": 1 } ] } ],
          "rules": [ { "name": "p1", "policy": "standard", "priorityAtLeast": "P1", "categoryWithin": "Security", "complexityAtLeast": "complex",
                       "startLevel": 2, "notifyHierarchicalAtOnce": true } ],
          "fallback": { "policy": "standard", "startLevel": 1 } }
        """;

    private const string Directory = """
        { "teams": { "dba": ["bob", "carol"] }, "roles": { "manager": ["dave"], "owner": { "*": ["erin"], "checkout": ["frank"] } } }
        """;

    [Fact]
    public void CalendarFromJson_MutatedDocuments_ThrowOnlyCalendarFormatException() =>
        Fuzz<CalendarFormatException>(Calendar, json => BusinessCalendar.FromJson(json));

    [Fact]
    public void SlaPolicySetFromJson_MutatedDocuments_ThrowOnlyConfigurationValidationException() =>
        Fuzz<ConfigurationValidationException>(Sla, json => SlaPolicySet.FromJson(json));

    [Fact]
    public void OnCallScheduleFromJson_MutatedDocuments_ThrowOnlyConfigurationValidationException() =>
        Fuzz<ConfigurationValidationException>(Schedule, json => OnCallSchedule.FromJson(json));

    [Fact]
    public void OnCallRosterFromJson_MutatedDocuments_ThrowOnlyConfigurationValidationException() =>
        Fuzz<ConfigurationValidationException>($$"""{ "schedules": [ {{Schedule}} ] }""", json => OnCallRoster.FromJson(json));

    [Fact]
    public void EscalationMatrixFromJson_MutatedDocuments_ThrowOnlyConfigurationValidationException() =>
        Fuzz<ConfigurationValidationException>(Matrix, json => EscalationMatrix.FromJson(json));

    [Fact]
    public void EscalationDirectoryFromJson_MutatedDocuments_ThrowOnlyConfigurationValidationException() =>
        Fuzz<ConfigurationValidationException>(Directory, json => EscalationDirectory.FromJson(json));

    // Seeds the fuzzer found once the ids refused control characters: the id's rule surfaces as a problem with its path.
    [Theory]
    [InlineData("participants\": [\"alice\", \"\\u0000\"]")]
    [InlineData("participants\": [\"\\u0001\", \"grace\"]")]
    public void OnCallScheduleFromJson_ControlCharacterInAParticipant_ThrowsConfigurationValidationException(string participants)
    {
        var json = Schedule.Replace("participants\": [\"alice\", \"grace\"]", participants, StringComparison.Ordinal);
        Assert.NotEqual(Schedule, json);
        var ex = Assert.Throws<ConfigurationValidationException>(() => OnCallSchedule.FromJson(json));
        Assert.Contains("participants", ex.Message, StringComparison.Ordinal);
    }

    private static void Fuzz<TDocumented>(string valid, Action<string> read)
        where TDocumented : Exception
    {
        read(valid);
        JsonMutator.Scripts.Sample(script =>
        {
            string json = JsonMutator.Mutate(valid, script);
            try
            {
                read(json);
            }
            catch (TDocumented ex) when (ex.Message.Length > 0)
            {
            }
            catch (Exception ex) when (ex is not TDocumented)
            {
                Assert.Fail($"{ex.GetType().Name} escaped for {(json.Length > 600 ? json[..600] + "…" : json)}: {ex}");
            }
        }, iter: Cases);
    }
}
