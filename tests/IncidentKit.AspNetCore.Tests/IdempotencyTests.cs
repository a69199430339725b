using System.Net;
using System.Net.Http.Json;
using IncidentKit.AspNetCore.Idempotency;
using IncidentKit.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;
using IncidentKit.Hosting.Tests;

namespace IncidentKit.AspNetCore.Tests;

public sealed class IdempotencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request, Ct);
    }

    [Theory]
    [InlineData(StoreKind.InMemory)]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.PostgreSql)]
    public async Task Open_RetriedWithSameKey_ReturnsFirstAnswerAndOpensOnce(StoreKind store)
    {
        await using var host = await ApiHost.StartAsync(store);
        using var client = host.Client();
        var body = new { title = "Checkout is down", impact = 1, urgency = 1 };

        using var first = await PostWithKeyAsync(client, "/api/incidents", body, "open-1");
        host.Time.Advance(TimeSpan.FromSeconds(5));
        using var retry = await PostWithKeyAsync(client, "/api/incidents", body, "open-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await retry.Content.ReadAsStringAsync(Ct));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(first.Headers.ETag, retry.Headers.ETag);
        var page = await ApiHost.JsonAsync(await client.GetAsync("/api/incidents", Ct));
        Assert.Single(page["items"]!.AsArray());
    }

    [Fact]
    public async Task Command_RetriedWithSameKey_AddsOneNote()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);

        using var first = await PostWithKeyAsync(client, $"/api/incidents/{id}/note", new { text = "checked the logs" }, "note-1");
        using var retry = await PostWithKeyAsync(client, $"/api/incidents/{id}/note", new { text = "checked the logs" }, "note-1");
        using var fresh = await PostWithKeyAsync(client, $"/api/incidents/{id}/note", new { text = "checked the logs" }, "note-2");

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("\"2\"", retry.Headers.ETag!.Tag);
        Assert.Equal("\"3\"", fresh.Headers.ETag!.Tag);
        var timeline = await ApiHost.JsonAsync(await client.GetAsync($"/api/incidents/{id}/timeline", Ct));
        Assert.Equal(2, timeline["events"]!.AsArray().Count(e => e!["type"]!.GetValue<string>() == "work-note-added"));
    }

    [Fact]
    public async Task Command_RefusedThenRetried_ReplaysTheProblem()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();
        var id = await ApiHost.OpenAsync(client);

        using var first = await PostWithKeyAsync(client, $"/api/incidents/{id}/close", new { }, "close-1");
        using var retry = await PostWithKeyAsync(client, $"/api/incidents/{id}/close", new { }, "close-1");

        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retry.StatusCode);
        Assert.Equal("application/problem+json", retry.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Post_SameKeyDifferentBody_Answers422()
    {
        await using var host = await ApiHost.StartAsync();
        using var client = host.Client();

        using var first = await PostWithKeyAsync(client, "/api/incidents", new { title = "one", impact = 1, urgency = 1 }, "k");
        using var other = await PostWithKeyAsync(client, "/api/incidents", new { title = "two", impact = 1, urgency = 1 }, "k");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
    }

    [Fact]
    public async Task Post_SameKeyOtherTenant_RunsSeparately()
    {
        await using var host = await ApiHost.StartAsync();
        using var a = host.Client("a-admin");
        using var b = host.Client("b-admin");
        var body = new { title = "same", impact = 1, urgency = 1 };

        using var fromA = await PostWithKeyAsync(a, "/api/incidents", body, "shared");
        using var fromB = await PostWithKeyAsync(b, "/api/incidents", body, "shared");

        Assert.Equal(HttpStatusCode.Created, fromB.StatusCode);
        Assert.NotEqual(fromA.Headers.Location, fromB.Headers.Location);
    }

    public static TheoryData<StoreKind> SqlStores => [StoreKind.Sqlite, StoreKind.PostgreSql];

    [Theory]
    [MemberData(nameof(SqlStores))]
    public async Task Store_ClaimCompleteInProgressStale_FollowTheProtocol(StoreKind kind)
    {
        var (store, cleanup) = await CreateStoreAsync(kind);
        try
        {
            var t = new TenantId("t");
            var at = Instant.FromUtc(2026, 3, 2, 10, 0);
            var stale = Duration.FromMinutes(1);

            Assert.Equal(IdempotencyOutcome.Begun, (await store.TryBeginAsync(t, "k", "h1", at, stale, Ct)).Outcome);
            Assert.Equal(IdempotencyOutcome.InProgress, (await store.TryBeginAsync(t, "k", "h1", at + Duration.FromSeconds(10), stale, Ct)).Outcome);
            Assert.Equal(IdempotencyOutcome.Begun, (await store.TryBeginAsync(new TenantId("u"), "k", "h1", at, stale, Ct)).Outcome);
            var taken = await store.TryBeginAsync(t, "k", "h1", at + Duration.FromMinutes(2), stale, Ct);
            Assert.Equal(IdempotencyOutcome.Begun, taken.Outcome);
            await store.CompleteAsync(t, "k", new IdempotentResponse(201, "application/json", "\"1\"", "/x", [1, 2, 3]), Ct);
            var done = await store.TryBeginAsync(t, "k", "h1", at + Duration.FromHours(1), stale, Ct);
            Assert.Equal(IdempotencyOutcome.Completed, done.Outcome);
            Assert.Equal("h1", done.RequestHash);
            Assert.Equal(201, done.Response!.StatusCode);
            Assert.Equal("/x", done.Response.Location);
            Assert.Equal([1, 2, 3], done.Response.Body);

            Assert.Equal(IdempotencyOutcome.Begun, (await store.TryBeginAsync(t, "gone", "h", at, stale, Ct)).Outcome);
            await store.AbandonAsync(t, "gone", Ct);
            Assert.Equal(IdempotencyOutcome.Begun, (await store.TryBeginAsync(t, "gone", "h", at, stale, Ct)).Outcome);
        }
        finally
        {
            await cleanup();
        }
    }

    private static async Task<(IIdempotencyStore Store, Func<Task> Cleanup)> CreateStoreAsync(StoreKind kind)
    {
        if (kind == StoreKind.Sqlite)
        {
            var directory = Directory.CreateTempSubdirectory("incidentkit-idem-").FullName;
            return (new SqliteIdempotencyStore($"Data Source={Path.Combine(directory, "idem.db")}"), () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, true);
                return Task.CompletedTask;
            });
        }

        var database = await PostgreSqlTestDatabase.CreateAsync("idem", Ct);
        var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        return (new PostgreSqlIdempotencyStore(dataSource), async () =>
        {
            await dataSource.DisposeAsync();
            await database.DisposeAsync();
        });
    }
}
