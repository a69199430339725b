using IncidentKit.Alerts;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using IncidentKit.Storage.Conformance;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.PostgreSql.Tests;

// The alert intake's store contract, run against PostgreSQL.
public sealed class PostgreSqlAlertInboxTests(PostgreSqlStoreFixture f) : AlertInboxConformanceTests<PostgreSqlStoreFixture>(f);

// Heartbeat checks as due work under leases, run against PostgreSQL.
public sealed class PostgreSqlHeartbeatCheckTests(PostgreSqlStoreFixture f) : HeartbeatCheckConformanceTests<PostgreSqlStoreFixture>(f);

// Several nodes (each its own data source, store and processor) draining one inbox.
public sealed class PostgreSqlAlertIntakeTests(PostgreSqlStoreFixture fixture)
{
    [Fact]
    public async Task ProcessPendingAsync_FourNodesOneInbox_OpenEachIncidentOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        fixture.RequireDatabase();
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 6, 22, 0));
        var tenant = new TenantId("acme");
        var routes = AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]);
        var (first, schema) = await fixture.CreatePostgreSqlStoreAsync(clock);
        try
        {
            var nodes = new List<(PostgreSqlIncidentStore Store, AlertProcessor Processor, Npgsql.NpgsqlDataSource Source)>();
            for (var n = 0; n < 4; n++)
            {
                var source = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString);
                var store = new PostgreSqlIncidentStore(source, new PostgreSqlStoreOptions { Schema = schema, TestClock = clock });
                nodes.Add((store, new AlertProcessor(store, new IncidentService(store, clock), clock, routes), source));
            }

            // 200 alerts in 10 groups, each delivered twice (an HA pair), all received before any node processes.
            var alerts = Enumerable.Range(0, 200).Select(i => new Alert
            {
                Integration = "alertmanager",
                Key = $"fp{i}",
                Status = AlertStatus.Firing,
                Labels = new Dictionary<string, string> { ["alertname"] = $"Group{i % 10}", ["severity"] = "critical" },
                StartsAt = clock.GetCurrentInstant(),
                Summary = $"Group{i % 10} fires",
            }).ToList();
            await nodes[0].Processor.ReceiveAsync(tenant, alerts, ct);
            await nodes[1].Processor.ReceiveAsync(tenant, alerts, ct);

            await Task.WhenAll(nodes.Select((node, i) => Task.Run(async () =>
            {
                while (await node.Processor.ProcessPendingAsync($"node-{i}", 5, ct) > 0)
                {
                }
            }, ct)));

            var page = await first.ListAsync(tenant, new IncidentQuery { PageSize = 1000 }, ct);
            Assert.Equal(10, page.Items.Count);
            Assert.Equal(10, page.Items.Select(i => i.Title).Distinct().Count());
            var service = new IncidentService(first, clock);
            foreach (var summary in page.Items)
            {
                var incident = (await service.FindOrNullAsync(tenant, summary.Id, ct))!;
                Assert.Equal(20, incident.LinkedAlerts.Count);
                Assert.Single(incident.Events.OfType<IncidentKit.Incidents.Events.IncidentOpened>());
            }

            Assert.All(await first.ListReceivedAsync(tenant, 1000, ct), r => Assert.Equal((true, 2L), (r.Processed, r.Occurrences)));
            foreach (var node in nodes)
            {
                await node.Source.DisposeAsync();
            }
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task ProcessPendingAsync_EventsV2TriggerThenResolveWithoutPayload_ResolvesTheGroupsIncident()
    {
        var ct = TestContext.Current.CancellationToken;
        fixture.RequireDatabase();
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 6, 22, 0));
        var tenant = new TenantId("acme");
        var (store, schema) = await fixture.CreatePostgreSqlStoreAsync(clock);
        try
        {
            var processor = new AlertProcessor(store, new IncidentService(store, clock), clock,
                AlertRoutingTable.Build([new AlertRoute { Name = "by-name", GroupBy = ["alertname"] }]));
            var trigger = new Alert
            {
                Integration = EventsV2.Integration,
                Key = "db-primary-down",
                Status = AlertStatus.Firing,
                Labels = new Dictionary<string, string> { ["alertname"] = "DatabaseDown", ["severity"] = "critical" },
                StartsAt = clock.GetCurrentInstant(),
                Summary = "Primary database down",
            };

            // The trigger's group is remembered under its dedup key (an alias record whose state is the group's key, not JSON);
            // the resolve carries no labels, so only that record tells which group it resolves.
            await processor.ReceiveAsync(tenant, [trigger], ct);
            await processor.ProcessPendingAsync("node-1", 10, ct);
            clock.Advance(Duration.FromMinutes(5));
            await processor.ReceiveAsync(tenant, [trigger with { Status = AlertStatus.Resolved, Labels = new Dictionary<string, string>() }], ct);
            await processor.ProcessPendingAsync("node-1", 10, ct);

            Assert.Empty((await store.ListAsync(tenant, new IncidentQuery { PageSize = 10 }, ct)).Items);
            Assert.Single((await store.ListAsync(tenant, new IncidentQuery { PageSize = 10, States = [IncidentState.Resolved] }, ct)).Items);
            Assert.All(await store.ListReceivedAsync(tenant, 10, ct), r => Assert.True(r.Processed));
        }
        finally
        {
            await fixture.DropSchemaAsync(schema);
        }
    }
}
