using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using IncidentKit.Storage;
using Npgsql;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.PostgreSql.Tests;

// What only PostgreSQL has: the database clock, migrations under a transaction-level lock, and a killed backend (drill 7).
public sealed class PostgreSqlIncidentStoreTests(PostgreSqlStoreFixture fixture)
{
    private static readonly UserId Actor = new("user:alice");
    private readonly FakeClock _clock = new(Instant.FromUtc(2026, 6, 15, 10, 0));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Drill7_BackendKilledMidAppend_FailsCleanlyAndWritesNothing()
    {
        var database = fixture.RequireDatabase();
        var application = $"ik-drill7-{Guid.NewGuid():N}";
        await using var writerSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { ApplicationName = application }.ToString());
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock, writerSource);
        try
        {
            var first = new DueWork(_clock.GetCurrentInstant() + Duration.FromMinutes(15), DueWorkKind.SlaThreshold);
            var incident = NewIncident();
            await store.AppendAsync(IncidentChange.For(incident) with { NextDue = first }, Ct);
            incident.MarkCommitted();
            incident.AddWorkNote("half-written?", _clock.GetCurrentInstant(), Actor);
            incident.Acknowledge(_clock.GetCurrentInstant(), Actor);
            var change = IncidentChange.For(incident) with
            {
                NextDue = new DueWork(_clock.GetCurrentInstant() + Duration.FromHours(1), DueWorkKind.EscalationStep),
                Outbox = [new OutboxMessage { Id = Guid.NewGuid(), Tenant = incident.Tenant, Incident = incident.Id, Kind = "notify", Payload = "{}", IdempotencyKey = "k", CreatedAt = _clock.GetCurrentInstant() }],
            };

            // Hold the incident's due row: the writer then blocks after it has moved the stream and inserted its events.
            await using var blocker = await database.OpenConnectionAsync(Ct);
            await using var hold = await blocker.BeginTransactionAsync(Ct);
            await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM {schema}.due_work WHERE incident = @id FOR UPDATE;", blocker))
            {
                lockRow.Parameters.AddWithValue("id", incident.Id.Value);
                Assert.Equal(1, await lockRow.ExecuteScalarAsync(Ct));
            }

            var append = store.AppendAsync(change, Ct).AsTask();
            var pid = await WaitForBackendBlockedOnLockAsync(database, application);
            await using (var kill = database.CreateCommand("SELECT pg_terminate_backend(@pid);"))
            {
                kill.Parameters.AddWithValue("pid", pid);
                Assert.Equal(true, await kill.ExecuteScalarAsync(Ct));
            }

            await Assert.ThrowsAnyAsync<NpgsqlException>(() => append);
            await hold.RollbackAsync(Ct);

            var history = await store.ReadAsync(incident.Tenant, incident.Id, 0, Ct);
            Assert.Equal(1, history.Version);
            Assert.Single(history.Events);
            Assert.Equal(new long[] { 1 }, await VersionsAsync(database, schema, incident.Id));
            Assert.Equal(1, Assert.Single((await store.ListAsync(incident.Tenant, IncidentQuery.Open, Ct)).Items).Version);
            Assert.Equal(first, await store.FindDueOrNullAsync(incident.Tenant, incident.Id, Ct));
            Assert.Empty(await store.ListOutboxAsync(incident.Tenant, 10, Ct));

            // The pool drops the dead connection; repeating the operation succeeds.
            Assert.Equal(new AppendResult(3, false), await store.AppendAsync(change, Ct));
            Assert.Equal(new long[] { 1, 2, 3 }, await VersionsAsync(database, schema, incident.Id));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task ClaimDueAsync_WithoutTestClock_UsesTheDatabaseClock()
    {
        var database = fixture.RequireDatabase();
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(clock: null);
        try
        {
            var before = await DatabaseNowAsync(database);
            var due = NewIncident();
            await store.AppendAsync(IncidentChange.For(due) with { NextDue = new DueWork(before - Duration.FromMinutes(1), DueWorkKind.SlaThreshold) }, Ct);
            var notYet = NewIncident();
            await store.AppendAsync(IncidentChange.For(notYet) with { NextDue = new DueWork(before + Duration.FromHours(1), DueWorkKind.SlaThreshold) }, Ct);

            var claim = Assert.Single(await store.ClaimDueAsync("node-a", Duration.FromMinutes(1), 10, Ct));
            var after = await DatabaseNowAsync(database);

            Assert.Equal(due.Id, claim.Incident);
            Assert.InRange(claim.Lease.ExpiresAt, before + Duration.FromMinutes(1), after + Duration.FromMinutes(1));
            Assert.Empty(await store.ClaimDueAsync("node-b", Duration.FromMinutes(1), 10, Ct));
            Assert.True(await store.CompleteDueAsync(claim, Ct));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task MigrateAsync_ConcurrentNodes_MigrateOnceAndLeaveNoAdvisoryLock()
    {
        var database = fixture.RequireDatabase();
        var schema = $"t_{Guid.NewGuid():N}";
        try
        {
            var stores = Enumerable.Range(0, 4).Select(_ => new PostgreSqlIncidentStore(database, new PostgreSqlStoreOptions { Schema = schema })).ToList();

            await Task.WhenAll(stores.Select(s => s.MigrateAsync(Ct)));

            await using (var versions = database.CreateCommand($"SELECT array_agg(version ORDER BY version) FROM {schema}.schema_version;"))
            {
                Assert.Equal(Enumerable.Range(1, PostgreSqlSchema.Latest).ToArray(), (int[])(await versions.ExecuteScalarAsync(Ct))!);
            }

            // A session-level lock would still be held by the pooled connection that migrated; the transaction-level one is gone.
            await using var locks = database.CreateCommand("""
                SELECT count(*) FROM pg_locks
                WHERE locktype = 'advisory' AND ((classid::bigint << 32) | objid::bigint) = hashtextextended('incidentkit.migrate.' || @schema, 0);
                """);
            locks.Parameters.AddWithValue("schema", schema);
            Assert.Equal(0L, await locks.ExecuteScalarAsync(Ct));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task MigrateAsync_GroupStatesStoredAsJsonb_KeepsThemReadableAsText()
    {
        var database = fixture.RequireDatabase();
        var schema = $"t_{Guid.NewGuid():N}";
        try
        {
            // The schema as the version before group states became text (migration 11), with a state stored then.
            await PostgreSqlSchema.MigrateAsync(database, schema, 10, Ct);
            await using (var old = database.CreateCommand($$"""
                INSERT INTO {{schema}}.alert_groups (tenant, group_key, version, state) VALUES ('acme', 'by-name|ApiDown', 3, '{"alerts": [1, 2]}');
                """))
            {
                await old.ExecuteNonQueryAsync(Ct);
            }

            var upgraded = new PostgreSqlIncidentStore(database, new PostgreSqlStoreOptions { Schema = schema });
            await upgraded.MigrateAsync(Ct);

            var group = await upgraded.FindGroupOrNullAsync(new TenantId("acme"), "by-name|ApiDown", Ct);
            Assert.Equal((3L, """{"alerts": [1, 2]}"""), (group!.Version, group.State));
            Assert.True(await upgraded.SaveGroupAsync(group with { Version = 4, State = "by-name|ApiDown" }, 3, Ct)); // not JSON: an alias
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task MigrateAsync_GroupsSavedBeforeEntries_ReadTheirAlertsFromTheStateAndTakeEntriesFromTheNextSave()
    {
        var database = fixture.RequireDatabase();
        var schema = $"t_{Guid.NewGuid():N}";
        var tenant = new TenantId("acme");
        try
        {
            // A database as the library left it before entries (schema version 11): the group's alerts inside its state, and an
            // alias record (an Events v2 dedup key naming its group).
            await PostgreSqlSchema.MigrateAsync(database, schema, PostgreSqlSchema.Latest - 1, Ct);
            var oldState = $$"""{"alerts":[{{string.Join(",", Enumerable.Range(0, 2000).Select(i => $$"""{"key":"fp{{i}}","status":"firing"}"""))}}]}""";
            await using (var old = database.CreateCommand($"""
                INSERT INTO {schema}.alert_groups (tenant, group_key, version, state, next_check_ticks) VALUES
                    ('acme', 'by-name|ApiDown', 7, @state, 42), ('acme', 'ev2|dedup-1', 1, 'by-name|ApiDown', NULL);
                """))
            {
                old.Parameters.AddWithValue("state", oldState);
                await old.ExecuteNonQueryAsync(Ct);
            }

            var upgraded = new PostgreSqlIncidentStore(database, new PostgreSqlStoreOptions { Schema = schema });
            await upgraded.MigrateAsync(Ct);

            var group = await upgraded.FindGroupOrNullAsync(tenant, "by-name|ApiDown", Ct);
            Assert.Equal((7L, oldState, Instant.FromUnixTimeTicks(42)), (group!.Version, group.State, group.NextCheckAt!.Value));
            Assert.Empty(group.Entries);
            Assert.Equal(7L, await upgraded.FindGroupVersionOrNullAsync(tenant, "by-name|ApiDown", Ct));
            var alias = await upgraded.FindGroupOrNullAsync(tenant, "ev2|dedup-1", Ct);
            Assert.Equal(("by-name|ApiDown", 0), (alias!.State, alias.Entries.Count));

            // The intake's first save after the upgrade moves every alert out of the state into entries.
            var entries = Enumerable.Range(0, 2000).ToDictionary(i => $"fp{i}", i => $$"""{"status":"firing","n":{{i}}}""");
            Assert.True(await upgraded.SaveGroupAsync(group with { Version = 8, State = "{}", Entries = entries }, 7, Ct));
            var saved = await upgraded.FindGroupOrNullAsync(tenant, "by-name|ApiDown", Ct);
            Assert.Equal((8L, "{}"), (saved!.Version, saved.State));
            Assert.Equal(entries.OrderBy(e => e.Key, StringComparer.Ordinal), saved.Entries.OrderBy(e => e.Key, StringComparer.Ordinal));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task MigrateAsync_SchemaNewerThanTheLibrary_Throws()
    {
        var database = fixture.RequireDatabase();
        var (_, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock);
        try
        {
            await using (var bump = database.CreateCommand($"INSERT INTO {schema}.schema_version (version) VALUES (99);"))
            {
                await bump.ExecuteNonQueryAsync(Ct);
            }

            var newer = new PostgreSqlIncidentStore(database, new PostgreSqlStoreOptions { Schema = schema });

            await Assert.ThrowsAsync<InvalidOperationException>(() => newer.MigrateAsync(Ct));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Upper")]
    [InlineData("drop table; --")]
    [InlineData("9starts_with_digit")]
    public void Constructor_InvalidSchema_Throws(string schema)
    {
        using var source = NpgsqlDataSource.Create("Host=127.0.0.1");

        Assert.Throws<ArgumentException>(() => new PostgreSqlIncidentStore(source, new PostgreSqlStoreOptions { Schema = schema }));
    }

    [Theory]
    [InlineData("changes", false)]
    [InlineData("Changes", true)]
    [InlineData("x; select 1", true)]
    public void Constructor_InvalidNotifyChannelOrNoPayload_Throws(string channel, bool withPayload)
    {
        using var source = NpgsqlDataSource.Create("Host=127.0.0.1");

        var e = Assert.Throws<ArgumentException>(() => new PostgreSqlIncidentStore(source,
            new PostgreSqlStoreOptions { NotifyChannel = channel, NotifyPayload = withPayload ? _ => "{}" : null }));
        Assert.Contains(nameof(PostgreSqlStoreOptions.NotifyChannel), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_IncidentChangedThroughAnotherNode_ListsTheNewStateAtOnce()
    {
        var (first, schema) = await fixture.CreatePostgreSqlStoreAsync(_clock);
        try
        {
            var second = new PostgreSqlIncidentStore(fixture.RequireDatabase(), new PostgreSqlStoreOptions { Schema = schema, TestClock = _clock });
            var incident = NewIncident();
            await first.AppendAsync(IncidentChange.For(incident), Ct);
            Assert.Equal(IncidentState.New, Assert.Single((await first.ListAsync(incident.Tenant, IncidentQuery.Open, Ct)).Items).State);

            // Another node acknowledges it: the first node's cached summary (version 1) must not be listed any more.
            await new IncidentService(second, _clock).ExecuteAsync(incident.Tenant, incident.Id, (i, at) => i.Acknowledge(at, Actor), Ct);

            var listed = Assert.Single((await first.ListAsync(incident.Tenant, IncidentQuery.Open, Ct)).Items);
            Assert.Equal((IncidentState.Acknowledged, 2L), (listed.State, listed.Version));
            Assert.Equal(listed, Assert.Single((await first.ListAsync(incident.Tenant, IncidentQuery.Open, Ct)).Items));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    private Incident NewIncident() => Incident.Open(IncidentId.New(), TenantId.Default,
        new NewIncident { Title = "Database on fire", Impact = new Impact(1), Urgency = new Urgency(1) }, _clock.GetCurrentInstant(), Actor);

    private static async Task<Instant> DatabaseNowAsync(NpgsqlDataSource database)
    {
        await using var now = database.CreateCommand("SELECT now();");
        return Instant.FromDateTimeUtc((DateTime)(await now.ExecuteScalarAsync(Ct))!);
    }

    private static async Task<long[]> VersionsAsync(NpgsqlDataSource database, string schema, IncidentId incident)
    {
        await using var versions = database.CreateCommand($"SELECT coalesce(array_agg(version ORDER BY version), '{{}}') FROM {schema}.events WHERE incident = @id;");
        versions.Parameters.AddWithValue("id", incident.Value);
        return (long[])(await versions.ExecuteScalarAsync(Ct))!;
    }

    private static async Task<int> WaitForBackendBlockedOnLockAsync(NpgsqlDataSource database, string application)
    {
        for (var attempt = 0; attempt < 1500; attempt++)
        {
            await using var find = database.CreateCommand("SELECT pid FROM pg_stat_activity WHERE application_name = @app AND wait_event_type = 'Lock';");
            find.Parameters.AddWithValue("app", application);
            if (await find.ExecuteScalarAsync(Ct) is int pid)
            {
                return pid;
            }

            await Task.Delay(20, Ct); // polling for the writer to reach the lock, not a timing assertion
        }

        Assert.Fail("The writer never blocked on the held row lock.");
        return 0;
    }
}
