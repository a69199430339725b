using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IncidentKit.Alerts;
using IncidentKit.AspNetCore.Alerts;
using IncidentKit.Sqlite;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.AspNetCore.Tests.Alerts;

// The intake trusts an integration key it found in the store for a short while instead of reading the store on every POST.
public sealed class IntegrationKeyCacheTests
{
    private static readonly TenantId Tenant = new("acme");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FindOrNull_KeyMovedInTheStore_KeepsTheFoundKeyForTheDurationThenSeesTheMove()
    {
        var (store, directory) = await SqliteAsync();
        try
        {
            var time = new FakeTimeProvider();
            var cache = new IntegrationKeyCache(store, time, TimeSpan.FromSeconds(5));
            var secret = IntegrationKey.NewSecret();
            await store.SaveIntegrationKeyAsync(IntegrationKey.For(Tenant, AlertmanagerWebhook.Integration, secret), Ct);
            Assert.Equal(Tenant, (await cache.FindOrNullAsync(IntegrationKey.Hash(secret), Ct))!.Tenant);

            await store.SaveIntegrationKeyAsync(IntegrationKey.For(new TenantId("other"), AlertmanagerWebhook.Integration, secret), Ct);
            time.Advance(TimeSpan.FromSeconds(4));
            Assert.Equal(Tenant, (await cache.FindOrNullAsync(IntegrationKey.Hash(secret), Ct))!.Tenant);
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(new TenantId("other"), (await cache.FindOrNullAsync(IntegrationKey.Hash(secret), Ct))!.Tenant);
        }
        finally
        {
            await DisposeAsync(store, directory);
        }
    }

    [Fact]
    public async Task FindOrNull_UnknownKeySavedLater_IsFoundAtOnce()
    {
        var (store, directory) = await SqliteAsync();
        try
        {
            var cache = new IntegrationKeyCache(store, new FakeTimeProvider(), TimeSpan.FromSeconds(5));
            var secret = IntegrationKey.NewSecret();
            Assert.Null(await cache.FindOrNullAsync(IntegrationKey.Hash(secret), Ct));

            await store.SaveIntegrationKeyAsync(IntegrationKey.For(Tenant, AlertmanagerWebhook.Integration, secret), Ct);

            Assert.Equal(Tenant, (await cache.FindOrNullAsync(IntegrationKey.Hash(secret), Ct))!.Tenant);
        }
        finally
        {
            await DisposeAsync(store, directory);
        }
    }

    [Theory]
    [InlineData(5, HttpStatusCode.Accepted)]
    [InlineData(0, HttpStatusCode.Unauthorized)]
    public async Task Alertmanager_KeyMovedToAnotherSource_AnswersFromTheCacheOnlyWithinTheDuration(int seconds, HttpStatusCode expected)
    {
        await using var host = await AlertIntakeHost.StartAsync(o => o.IntegrationKeyCacheDuration = TimeSpan.FromSeconds(seconds));
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using (var first = await PostAsync(http, host.Secret, "first"))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        // The key now belongs to another source: a request within the cache duration is still taken as Alertmanager's.
        await host.Alerts.SaveIntegrationKeyAsync(IntegrationKey.For(AlertIntakeHost.Tenant, EventsV2.Integration, host.Secret), Ct);
        using var second = await PostAsync(http, host.Secret, "second");

        Assert.Equal(expected, second.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string secret, string fingerprint)
    {
        var body = $$"""
            {"version":"4","groupKey":"{}:{alertname=\"Cache\"}","truncatedAlerts":0,"status":"firing","receiver":"incidentkit",
             "groupLabels":{"alertname":"Cache"},"commonLabels":{"alertname":"Cache"},"commonAnnotations":{},"externalURL":"http://am",
             "alerts":[{"status":"firing","labels":{"alertname":"Cache","instance":"{{fingerprint}}"},"annotations":{"summary":"Cache"},
               "startsAt":"2026-03-02T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://p","fingerprint":"{{fingerprint}}"}]}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return await http.SendAsync(request, Ct);
    }

    private static async Task<(SqliteIncidentStore Store, string Directory)> SqliteAsync()
    {
        var directory = Directory.CreateTempSubdirectory("incidentkit-keycache-").FullName;
        var store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(directory, "incidents.db")}" }, SystemClock.Instance);
        await store.MigrateAsync(Ct);
        return (store, directory);
    }

    private static async Task DisposeAsync(SqliteIncidentStore store, string directory)
    {
        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
