using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Npgsql;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.PostgreSql.Tests;

// The statements behind an append and a list. The append: one statement (one round trip, one transaction) when the stream's head hash is known, from this process's
// last append or read of the stream; one read first when another node moved the stream on. Statements are counted through
// Npgsql's own tracing (an activity per executed command), under a parent activity of the test's own so that parallel tests
// do not count.
public sealed class PostgreSqlIncidentStoreStatementTests(PostgreSqlStoreFixture fixture)
{
    private static readonly UserId Actor = new("user:alice");
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 6, 15, 10, 0));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppendAsync_OpenThenNote_OneStatementEach()
    {
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock);
        try
        {
            var incident = NewIncident();
            var open = await CountStatementsAsync(schema, () => store.AppendAsync(IncidentChange.For(incident), Ct).AsTask());
            incident.MarkCommitted();
            incident.AddWorkNote("first look", _clock.GetCurrentInstant(), Actor);
            var note = await CountStatementsAsync(schema, () => store.AppendAsync(IncidentChange.For(incident) with
            {
                NextDue = new DueWork(_clock.GetCurrentInstant() + Duration.FromMinutes(5), DueWorkKind.SlaThreshold),
            }, Ct).AsTask());

            Assert.Equal((1, 1), (open, note));
            Assert.True((await store.VerifyAsync(incident.Tenant, incident.Id, Ct)).IsIntact);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task AppendAsync_StreamMovedOnByAnotherNode_ReadsTheHeadOnceAndKeepsTheChainWhole()
    {
        var (first, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock);
        try
        {
            var second = new PostgreSqlIncidentStore(fixture.RequireDatabase(), new PostgreSqlStoreOptions { Schema = schema, TestClock = _clock });
            await second.MigrateAsync(Ct);
            var incident = NewIncident();
            await first.AppendAsync(IncidentChange.For(incident), Ct);
            incident.MarkCommitted();

            incident.AddWorkNote("from the second node", _clock.GetCurrentInstant(), Actor);
            var onSecond = await CountStatementsAsync(schema, () => second.AppendAsync(IncidentChange.For(incident), Ct).AsTask());
            incident.MarkCommitted();
            incident.AddWorkNote("back on the first node", _clock.GetCurrentInstant(), Actor);
            var onFirst = await CountStatementsAsync(schema, () => first.AppendAsync(IncidentChange.For(incident), Ct).AsTask());
            incident.MarkCommitted();

            Assert.Equal((2, 2), (onSecond, onFirst)); // the head read, then the append
            var verification = await first.VerifyAsync(incident.Tenant, incident.Id, Ct);
            Assert.True(verification.IsIntact, verification.FirstBreak?.ToString());
            Assert.Equal(3, verification.Version);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task AppendAsync_StaleExpectedVersionWithAKnownHead_ThrowsAndWritesNothing()
    {
        var (first, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock);
        try
        {
            var second = new PostgreSqlIncidentStore(fixture.RequireDatabase(), new PostgreSqlStoreOptions { Schema = schema, TestClock = _clock });
            var incident = NewIncident();
            await first.AppendAsync(IncidentChange.For(incident), Ct);
            incident.MarkCommitted();
            var rival = (await second.ReadAsync(incident.Tenant, incident.Id, 0, Ct)).Version;
            incident.AddWorkNote("winner", _clock.GetCurrentInstant(), Actor);
            await second.AppendAsync(IncidentChange.For(incident), Ct);

            // The first node still holds the head of version 1 and appends at 1: the statement's conditional move finds the stream
            // at 2 and writes nothing, not even the due plan, the outbox message or the events.
            var change = new IncidentChange
            {
                Tenant = incident.Tenant,
                Incident = incident.Id,
                ExpectedVersion = new ExpectedVersion(rival),
                Events = [new IncidentKit.Incidents.Events.WorkNoteAdded(Guid.NewGuid(), _clock.GetCurrentInstant(), Actor, "loser")],
                Summary = incident.ToSummary(),
                NextDue = new DueWork(_clock.GetCurrentInstant() + Duration.FromHours(3), DueWorkKind.EscalationStep),
                Outbox = [new OutboxMessage { Id = Guid.NewGuid(), Tenant = incident.Tenant, Incident = incident.Id, Kind = "notify", Payload = "{}", IdempotencyKey = "loser", CreatedAt = _clock.GetCurrentInstant() }],
            };
            var conflict = await Assert.ThrowsAsync<IncidentConcurrencyException>(() => first.AppendAsync(change, Ct).AsTask());

            Assert.Equal(2, conflict.Actual);
            var history = await first.ReadAsync(incident.Tenant, incident.Id, 0, Ct);
            Assert.Equal("winner", Assert.IsType<IncidentKit.Incidents.Events.WorkNoteAdded>(history.Events[^1]).Text);
            await using var rows = fixture.RequireDatabase().CreateCommand(
                $"SELECT (SELECT count(*) FROM {schema}.outbox) + (SELECT count(*) FROM {schema}.due_work) + (SELECT count(*) FROM {schema}.events WHERE data->>'text' = 'loser');");
            Assert.Equal(0L, await rows.ExecuteScalarAsync(Ct));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task AppendAsync_AfterReadOnAFreshStoreInstance_NeedsNoHeadRead()
    {
        var (first, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock);
        try
        {
            var incident = NewIncident();
            await first.AppendAsync(IncidentChange.For(incident), Ct);
            incident.MarkCommitted();
            incident.AddWorkNote("a note", _clock.GetCurrentInstant(), Actor);
            await first.AppendAsync(IncidentChange.For(incident), Ct);
            incident.MarkCommitted();

            // A restarted process reads the stream before deciding (as IncidentService does); the read brings the head along.
            var restarted = new PostgreSqlIncidentStore(fixture.RequireDatabase(), new PostgreSqlStoreOptions { Schema = schema, TestClock = _clock });
            await restarted.MigrateAsync(Ct);
            Assert.Equal(2, (await restarted.ReadAsync(incident.Tenant, incident.Id, 0, Ct)).Version);
            incident.AddWorkNote("after the restart", _clock.GetCurrentInstant(), Actor);
            var statements = await CountStatementsAsync(schema, () => restarted.AppendAsync(IncidentChange.For(incident), Ct).AsTask());

            Assert.Equal(1, statements);
            Assert.True((await restarted.VerifyAsync(incident.Tenant, incident.Id, Ct)).IsIntact);
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task AppendReadAndList_OnAPooledConnection_StayPreparedForItsNextUse()
    {
        // One connection in the pool, so the statements the store ran are on the session this test then looks at.
        await using var single = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { MaxPoolSize = 1, MaxAutoPrepare = 0 }.ToString());
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock, single);
        try
        {
            var incident = NewIncident();
            await store.AppendAsync(IncidentChange.For(incident), Ct);
            await store.ReadAsync(incident.Tenant, incident.Id, 0, Ct);
            await store.ListAsync(incident.Tenant, new IncidentQuery { PageSize = 10 }, Ct);

            await using var prepared = single.CreateCommand("SELECT statement FROM pg_prepared_statements WHERE statement LIKE @schema;");
            prepared.Parameters.AddWithValue("schema", $"%{schema}.%");
            var statements = new List<string>();
            await using (var reader = await prepared.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    statements.Add(reader.GetString(0));
                }
            }

            Assert.Contains(statements, s => s.StartsWith("WITH moved AS (", StringComparison.Ordinal));
            Assert.Contains(statements, s => s.Contains($"FROM {schema}.streams s", StringComparison.Ordinal) && s.Contains("LEFT JOIN", StringComparison.Ordinal));
            Assert.Contains(statements, s => s.Contains("ORDER BY opened_at, incident LIMIT", StringComparison.Ordinal));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task ListAsync_PageListedBeforeAndUnchanged_ReadsNoSummaryText()
    {
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock);
        try
        {
            var incidents = Enumerable.Range(0, 3).Select(_ => NewIncident()).ToArray();
            foreach (var incident in incidents)
            {
                await store.AppendAsync(IncidentChange.For(incident), Ct);
                incident.MarkCommitted();
            }

            var query = new IncidentQuery { PageSize = 10 };
            var (first, firstStatements) = await StatementsAsync(schema, () => store.ListAsync(TenantId.Default, query, Ct).AsTask());
            incidents[1].AddWorkNote("changed since", _clock.GetCurrentInstant(), Actor);
            incidents[1].Acknowledge(_clock.GetCurrentInstant(), Actor);
            await store.AppendAsync(IncidentChange.For(incidents[1]), Ct);
            var (second, secondStatements) = await StatementsAsync(schema, () => store.ListAsync(TenantId.Default, query, Ct).AsTask());
            var (third, thirdStatements) = await StatementsAsync(schema, () => store.ListAsync(TenantId.Default, query, Ct).AsTask());

            Assert.Equal(2, firstStatements.Count); // the keys, then the three summaries by key
            Assert.Equal(2, secondStatements.Count); // the keys, then the one changed summary
            Assert.Contains("ANY(@ids)", secondStatements[1], StringComparison.Ordinal);
            Assert.DoesNotContain("summary", Assert.Single(thirdStatements), StringComparison.Ordinal);
            Assert.Equal(incidents.Select(i => i.Id).ToHashSet(), third.Items.Select(s => s.Id).ToHashSet());
            var changed = third.Items.Single(s => s.Id == incidents[1].Id);
            Assert.Equal((IncidentState.Acknowledged, 3L), (changed.State, changed.Version));
            Assert.Equal(first.Items.Select(s => s.Id), second.Items.Select(s => s.Id));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    private static async Task<int> CountStatementsAsync(string schema, Func<Task> operation) =>
        (await StatementsAsync(schema, async () => { await operation(); return 0; })).Statements.Count;

    private static Task<(T Result, List<string> Statements)> StatementsAsync<T>(string schema, Func<Task<T>> operation) =>
        NpgsqlStatementRecorder.StatementsAsync(schema, operation);

    private Incident NewIncident() =>
        Incident.Open(IncidentId.New(), TenantId.Default, new NewIncident { Title = "Checkout latency", Impact = new Impact(2), Urgency = new Urgency(2), Service = "checkout" },
            _clock.GetCurrentInstant(), Actor);
}
