using System.Net;
using IncidentKit.AspNetCore.Security;
using IncidentKit.AspNetCore.Tests.Support;
using IncidentKit.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.AspNetCore.Tests;

public sealed class CachingApiKeyStoreTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 3, 2, 10, 0);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FindByHash_WithinDuration_AsksTheStoreOnce()
    {
        var (cache, inner, _) = Create();
        var (key, record) = ApiKeys.Create(new TenantId("a"), new UserId("alice"), [IncidentRole.Responder], null, At);
        await cache.AddAsync(record, Ct);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(record.Id, (await cache.FindByHashAsync(ApiKeys.Hash(key), Ct))!.Id);
        }

        Assert.Equal(1, inner.Lookups);
    }

    [Fact]
    public async Task FindByHash_AfterDuration_AsksTheStoreAgainAndSeesARevocationMadeElsewhere()
    {
        var (cache, inner, time) = Create();
        var (key, record) = ApiKeys.Create(new TenantId("a"), new UserId("alice"), [IncidentRole.Responder], null, At);
        await cache.AddAsync(record, Ct);
        Assert.False((await cache.FindByHashAsync(ApiKeys.Hash(key), Ct))!.IsRevoked);

        await inner.RevokeAsync(record.Tenant, record.Id, At, Ct);
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.True((await cache.FindByHashAsync(ApiKeys.Hash(key), Ct))!.IsRevoked);
        Assert.Equal(2, inner.Lookups);
    }

    [Fact]
    public async Task Revoke_ThroughTheCache_TakesEffectAtOnce()
    {
        var (cache, _, _) = Create();
        var (key, record) = ApiKeys.Create(new TenantId("a"), new UserId("alice"), [IncidentRole.Responder], null, At);
        await cache.AddAsync(record, Ct);
        Assert.False((await cache.FindByHashAsync(ApiKeys.Hash(key), Ct))!.IsRevoked);
        Assert.False((await cache.FindAsync(record.Tenant, record.Id, Ct))!.IsRevoked);

        Assert.True(await cache.RevokeAsync(record.Tenant, record.Id, At, Ct));

        Assert.True((await cache.FindByHashAsync(ApiKeys.Hash(key), Ct))!.IsRevoked);
        Assert.True((await cache.FindAsync(record.Tenant, record.Id, Ct))!.IsRevoked);
    }

    [Fact]
    public async Task FindByHash_UnknownKey_IsNotCachedSoAKeyAddedElsewhereWorksAtOnce()
    {
        var (cache, inner, _) = Create();
        var (key, record) = ApiKeys.Create(new TenantId("a"), new UserId("alice"), [IncidentRole.Responder], null, At);
        Assert.Null(await cache.FindByHashAsync(ApiKeys.Hash(key), Ct));

        await inner.AddAsync(record, Ct);

        Assert.NotNull(await cache.FindByHashAsync(ApiKeys.Hash(key), Ct));
    }

    [Fact]
    public async Task Api_KeyRevokedThroughTheApi_Answers401AtOnce()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var admin = host.Client("a-admin");
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/incidents", Ct)).StatusCode);
        var store = host.Services.GetRequiredService<IApiKeyStore>();
        Assert.IsType<CachingApiKeyStore>(store);
        var keyId = (await store.FindByHashAsync(ApiKeys.Hash(host.Key("a-responder")), Ct))!.Id;

        using (var revoke = await admin.DeleteAsync($"/api/keys/{keyId}", Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/incidents", Ct)).StatusCode);
    }

    [Fact]
    public async Task Api_KeyRevokedOnAnotherNode_Answers401WithinTheCacheDuration()
    {
        await using var host = await ApiHost.StartAsync(StoreKind.Sqlite);
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/incidents", Ct)).StatusCode);
        var store = (CachingApiKeyStore)host.Services.GetRequiredService<IApiKeyStore>();
        var keyId = (await store.FindByHashAsync(ApiKeys.Hash(host.Key("a-responder")), Ct))!.Id;

        // Another node revokes it in the shared database: this node does not hear of it, and trusts the key a little longer.
        Assert.True(await store.Inner.RevokeAsync(ApiHost.TenantA, keyId, At, Ct));
        host.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/incidents", Ct)).StatusCode);
        host.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/incidents", Ct)).StatusCode);
    }

    private static (CachingApiKeyStore Cache, CountingStore Inner, FakeTimeProvider Time) Create()
    {
        var time = new FakeTimeProvider();
        var inner = new CountingStore();
        return (new CachingApiKeyStore(inner, time, TimeSpan.FromSeconds(5)), inner, time);
    }

    // The in-memory store, counting how often it is asked for a key.
    private sealed class CountingStore : IApiKeyStore
    {
        private readonly InMemoryApiKeyStore _store = new();
        private int _lookups;

        public int Lookups => _lookups;

        public ValueTask<bool> AddAsync(ApiKeyRecord key, CancellationToken cancellationToken = default) => _store.AddAsync(key, cancellationToken);

        public ValueTask<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _lookups);
            return _store.FindByHashAsync(hash, cancellationToken);
        }

        public ValueTask<ApiKeyRecord?> FindAsync(TenantId tenant, string id, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _lookups);
            return _store.FindAsync(tenant, id, cancellationToken);
        }

        public ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(TenantId tenant, CancellationToken cancellationToken = default) => _store.ListAsync(tenant, cancellationToken);

        public ValueTask<bool> RevokeAsync(TenantId tenant, string id, Instant at, CancellationToken cancellationToken = default) =>
            _store.RevokeAsync(tenant, id, at, cancellationToken);
    }
}
