using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.PostgreSql.Tests;

// Appends waiting at the same time are committed together (PostgreSqlIncidentStore.GroupCommit.cs): fewer transactions than
// appends, each caller's version checked on its own, and one failing append failing only its own caller.
public sealed class PostgreSqlGroupCommitTests(PostgreSqlStoreFixture fixture)
{
    private static readonly UserId Actor = new("user:alice");
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 6, 15, 10, 0));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendAsync_64ConcurrentWriters_ShareTransactions()
    {
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock);
        try
        {
            var incidents = await OpenAsync(store, 64);

            await Task.WhenAll(incidents.Select(incident => Task.Run(() => NoteAsync(store, incident, "at once"), Ct)));

            // xmin names the transaction that wrote each stream's current row: one transaction per append would be 64.
            await using var transactions = fixture.RequireDatabase().CreateCommand($"SELECT count(DISTINCT xmin::text) FROM {schema}.streams WHERE version = 2;");
            var count = (long)(await transactions.ExecuteScalarAsync(Ct))!;
            Assert.InRange(count, 1, 32);
            foreach (var incident in incidents)
            {
                Assert.True((await store.VerifyAsync(incident.Tenant, incident.Id, Ct)).IsIntact);
            }
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task AppendAsync_ConcurrentWritersOnOneStreamAtOneVersion_OneWinsTheOthersGetTheirOwnConflict()
    {
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock);
        try
        {
            var incident = (await OpenAsync(store, 1))[0];
            var changes = Enumerable.Range(0, 10).Select(i => new IncidentChange
            {
                Tenant = incident.Tenant,
                Incident = incident.Id,
                ExpectedVersion = new ExpectedVersion(1),
                Events = [new WorkNoteAdded(Guid.NewGuid(), _clock.GetCurrentInstant(), Actor, $"writer {i}")],
                Summary = incident.ToSummary() with { Version = 2 },
            }).ToArray();

            var outcomes = await Task.WhenAll(changes.Select(change => Task.Run(async () =>
            {
                try
                {
                    await store.AppendAsync(change, Ct);
                    return "stored";
                }
                catch (IncidentConcurrencyException e) when (e.Actual == 2)
                {
                    return "conflict";
                }
            }, Ct)));

            Assert.Equal(1, outcomes.Count(o => o == "stored"));
            Assert.Equal(9, outcomes.Count(o => o == "conflict"));
            var history = await store.ReadAsync(incident.Tenant, incident.Id, 0, Ct);
            Assert.Equal(2, history.Version);
            Assert.True((await store.VerifyAsync(incident.Tenant, incident.Id, Ct)).IsIntact);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task AppendAsync_OneAppendOfAGroupFails_OnlyItsCallerFailsAndTheOthersAreStored()
    {
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock);
        try
        {
            var incidents = await OpenAsync(store, 20);
            var stolenId = incidents[0].Events[0].EventId; // an event id stored already, in another stream

            var appends = incidents.Select((incident, i) => Task.Run(async () =>
            {
                var change = new IncidentChange
                {
                    Tenant = incident.Tenant,
                    Incident = incident.Id,
                    ExpectedVersion = new ExpectedVersion(1),
                    Events = [new WorkNoteAdded(i == 7 ? stolenId : Guid.NewGuid(), _clock.GetCurrentInstant(), Actor, $"note {i}")],
                    Summary = incident.ToSummary() with { Version = 2 },
                };
                await store.AppendAsync(change, Ct);
            }, Ct)).ToArray();
            var failure = await Record.ExceptionAsync(() => Task.WhenAll(appends));

            Assert.IsType<ArgumentException>(failure);
            Assert.All(appends.Where((_, i) => i != 7), append => Assert.True(append.IsCompletedSuccessfully));
            for (var i = 0; i < incidents.Length; i++)
            {
                var history = await store.ReadAsync(incidents[i].Tenant, incidents[i].Id, 0, Ct);
                Assert.Equal(i == 7 ? 1 : 2, history.Version);
            }
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    private async Task<Incident[]> OpenAsync(PostgreSqlIncidentStore store, int count)
    {
        var incidents = new Incident[count];
        for (var i = 0; i < count; i++)
        {
            incidents[i] = Incident.Open(IncidentId.New(), TenantId.Default,
                new NewIncident { Title = $"Checkout {i}", Impact = new Impact(2), Urgency = new Urgency(2), Service = "checkout" }, _clock.GetCurrentInstant(), Actor);
            await store.AppendAsync(IncidentChange.For(incidents[i]), Ct);
            incidents[i].MarkCommitted();
        }

        return incidents;
    }

    private async Task NoteAsync(PostgreSqlIncidentStore store, Incident incident, string text)
    {
        incident.AddWorkNote(text, _clock.GetCurrentInstant(), Actor);
        await store.AppendAsync(IncidentChange.For(incident), Ct);
        incident.MarkCommitted();
    }
}
