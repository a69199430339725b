using System.Text.Json;
using CsCheck;
using IncidentKit.Alerts;
using NodaTime;

namespace IncidentKit.Tests.Alerts;

// A group's save writes its state and only the entries of the alerts that changed (AlertGroupState.Changed); what a store then
// holds must read back as the group itself. The oracle: the live state, every entry serialised, after each step.
public sealed class AlertGroupEntriesTests
{
    private static readonly TenantId Acme = new("acme");
    private static readonly Instant T0 = Instant.FromUtc(2026, 3, 28, 22, 0);
    private static readonly string[] Services = ["db", "web"];

    // The deploy window silences the db alerts for an hour, so ticks inside and after it change silenced entries.
    private static readonly SilenceSet Silences = new([MaintenanceWindow.Once("deploy", Acme, ["service=\"db\""], T0 + Duration.FromMinutes(30),
        T0 + Duration.FromMinutes(90), new UserId("user:ops"), "deploy")]);

    // One step: 0 firing, 1 resolved, 2 acknowledged, 3 a tick, 4 a heartbeat ping, 5 a missed heartbeat; an alert key; the
    // alert's episode (its startsAt); its service; minutes to move on first; whether the processor reads the group back first.
    private static readonly Gen<(int Kind, int Key, int Episode, int Service, int Minutes, bool Reload)> Step =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 6], Gen.Int[0, 3], Gen.Int[0, 1], Gen.Int[0, 12], Gen.Int[0, 5].Select(r => r == 0));

    private static readonly Gen<AlertIntakeOptions> Options = Gen.Select(Gen.Int[0, 4], Gen.Int[0, 2], Gen.Int[0, 30]).Select((flap, hold, reopen) => new AlertIntakeOptions
    {
        FlappingThreshold = flap,
        HoldDown = Duration.FromMinutes(hold * 5),
        ReopenWindow = Duration.FromMinutes(reopen),
    });

    [Fact]
    public void ToRecord_EveryStepSavedAsItsChangedEntries_ReadsBackAsTheGroup()
    {
        Gen.Select(Step.Array[1, 60], Options).Sample((steps, options) =>
        {
            var state = new AlertGroupState { Tenant = Acme, GroupKey = "g" };
            var stored = new AlertGroupRecord(Acme, "g", 0, "{}", null);
            var entries = new Dictionary<string, string>(StringComparer.Ordinal);
            var now = T0;
            foreach (var (kind, key, episode, service, minutes, reload) in steps)
            {
                now += Duration.FromMinutes(minutes);
                if (reload && stored.Version > 0)
                {
                    state = AlertSerializer.FromRecord(stored with { Entries = new Dictionary<string, string>(entries, StringComparer.Ordinal) });
                }

                Apply(state, kind, key, episode, service, now, options);

                // The save as a store applies it: the state replaced, the entries carried upserted, the others kept.
                var saved = AlertSerializer.ToRecord(state, stored.Version + 1, null);
                state.Changed.Clear();
                foreach (var (k, text) in saved.Entries)
                {
                    entries[k] = text;
                }

                stored = saved;
                AssertStoredIsLive(state, stored.State, entries);
            }
        }, iter: 2000);
    }

    [Fact]
    public void FromRecord_AGroupSavedWithItsAlertsInItsState_MovesThemToEntriesOnTheNextSave()
    {
        // The shape groups were saved in before their alerts were entries of their own.
        const string Old = """
            {"tenant":"acme","groupKey":"g","incident":"0190f5a0-0000-8000-8000-000000000001","generation":1,
             "alerts":{"fp1":{"status":"Firing","startsAt":"2026-03-28T22:00:00Z","lastSeenAt":"2026-03-28T22:00:00Z","occurrences":3,"linkedGeneration":1,"integration":"alertmanager"},
                       "fp2":{"status":"Resolved","startsAt":"2026-03-28T22:00:00Z","lastSeenAt":"2026-03-28T22:05:00Z","occurrences":1,"resolvedStartsAt":"2026-03-28T22:00:00Z","linkedGeneration":1,"integration":"alertmanager"}},
             "changes":[],"pending":[],"actionSequence":2}
            """;

        var state = AlertSerializer.FromRecord(new AlertGroupRecord(Acme, "g", 7, Old, null));
        var saved = AlertSerializer.ToRecord(state, 8, null);

        Assert.Equal(["fp1", "fp2"], saved.Entries.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("\"alerts\"", saved.State, StringComparison.Ordinal);
        var again = AlertSerializer.FromRecord(saved);
        Assert.Equal((AlertStatus.Firing, 3L), (again.Alerts["fp1"].Status, again.Alerts["fp1"].Occurrences));
        Assert.Equal(AlertStatus.Resolved, again.Alerts["fp2"].Status);
        Assert.Empty(again.Changed);
    }

    [Fact]
    public void ToRecord_AResendOfAFiringAlertInABigGroup_WritesNoEntry()
    {
        var options = new AlertIntakeOptions();
        var state = new AlertGroupState { Tenant = Acme, GroupKey = "g" };
        for (var i = 0; i < 500; i++)
        {
            Apply(state, 0, i, 0, 1, T0, options);
        }

        Assert.Equal(500, AlertSerializer.ToRecord(state, 1, null).Entries.Count);
        state.Changed.Clear();

        Apply(state, 0, 7, 0, 1, T0 + Duration.FromMinutes(1), options); // a resend: nothing changes
        Apply(state, 1, 8, 0, 1, T0 + Duration.FromMinutes(1), options); // one resolves
        Assert.Equal(["fp8"], AlertSerializer.ToRecord(state, 2, null).Entries.Keys);
    }

    private static void Apply(AlertGroupState state, int kind, int key, int episode, int service, Instant now, AlertIntakeOptions options)
    {
        switch (kind)
        {
            case 3:
                AlertGroupEngine.Tick(state, now, Silences, options);
                return;
            case 4:
                AlertGroupEngine.Ping(state, Duration.FromMinutes(5), Duration.FromMinutes(1), now, options);
                return;
            case 5:
                AlertGroupEngine.Miss(state, now, options);
                return;
        }

        var alert = new Alert
        {
            Integration = "alertmanager",
            Key = $"fp{key}",
            Status = kind switch { 0 => AlertStatus.Firing, 1 => AlertStatus.Resolved, _ => AlertStatus.Acknowledged },
            StartsAt = T0 + Duration.FromMinutes(episode * 10),
            Summary = "Disk full",
            Labels = new Dictionary<string, string> { ["alertname"] = "DiskFull", ["service"] = Services[service], ["instance"] = $"i-{key}" },
        };
        AlertGroupEngine.Receive(state, alert, AlertRoutingTable.Empty.Route(alert, Acme), now, Silences, options);
    }

    private static void AssertStoredIsLive(AlertGroupState live, string storedState, Dictionary<string, string> storedEntries)
    {
        Assert.Equal(live.Alerts.Keys.Order(StringComparer.Ordinal), storedEntries.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, entry) in live.Alerts)
        {
            Assert.Equal(JsonSerializer.Serialize(entry, AlertJsonContext.Default.AlertEntry), storedEntries[key]);
        }

        Assert.Equal(JsonSerializer.Serialize(live, AlertJsonContext.Default.AlertGroupState), storedState);
    }
}
