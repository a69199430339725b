using IncidentKit.AspNetCore.Security;
using IncidentKit.AspNetCore.Tests.Support;
using IncidentKit.Authorization;
using NodaTime;
using Npgsql;
using IncidentKit.Hosting.Tests;

namespace IncidentKit.AspNetCore.Tests;

public sealed class ApiKeyStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StoreKind.InMemory)]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.PostgreSql)]
    public async Task Store_AddFindListRevoke_KeepsTenantsApart(StoreKind kind)
    {
        var (store, cleanup) = await CreateAsync(kind);
        try
        {
            var at = Instant.FromUtc(2026, 3, 2, 10, 0);
            var (keyA, recordA) = ApiKeys.Create(new TenantId("a"), new UserId("alice"), [IncidentRole.Responder, IncidentRole.Viewer], "laptop", at);
            var (_, recordB) = ApiKeys.Create(new TenantId("b"), new UserId("bob"), [IncidentRole.Admin], null, at);

            Assert.True(await store.AddAsync(recordA, Ct));
            Assert.True(await store.AddAsync(recordB, Ct));
            Assert.False(await store.AddAsync(recordA, Ct));
            var found = await store.FindByHashAsync(ApiKeys.Hash(keyA), Ct);
            Assert.Equal(recordA.Id, found!.Id);
            Assert.Equal([IncidentRole.Viewer, IncidentRole.Responder], found.Roles);
            Assert.Equal("laptop", found.Name);
            Assert.Equal(at, found.CreatedAt);
            Assert.Equal([recordA.Id], (await store.ListAsync(new TenantId("a"), Ct)).Select(k => k.Id));
            Assert.Null(await store.FindAsync(new TenantId("b"), recordA.Id, Ct));
            Assert.False(await store.RevokeAsync(new TenantId("b"), recordA.Id, at, Ct));
            Assert.False((await store.FindByHashAsync(ApiKeys.Hash(keyA), Ct))!.IsRevoked);

            Assert.True(await store.RevokeAsync(new TenantId("a"), recordA.Id, at + Duration.FromHours(1), Ct));
            Assert.True(await store.RevokeAsync(new TenantId("a"), recordA.Id, at + Duration.FromHours(2), Ct));
            Assert.Equal(at + Duration.FromHours(1), (await store.FindByHashAsync(ApiKeys.Hash(keyA), Ct))!.RevokedAt);
        }
        finally
        {
            await cleanup();
        }
    }

    [Theory]
    [InlineData("ik_short")]
    [InlineData("sk_0000000000000000000000000000")]
    [InlineData("ik_has space 000000000000000000000")]
    public void Record_MalformedKey_Throws(string key) =>
        Assert.Throws<ArgumentException>(() => ApiKeys.Record(key, new TenantId("a"), new UserId("u"), [IncidentRole.Viewer], null, Instant.FromUtc(2026, 1, 1, 0, 0)));

    private static async Task<(IApiKeyStore Store, Func<Task> Cleanup)> CreateAsync(StoreKind kind)
    {
        switch (kind)
        {
            case StoreKind.Sqlite:
                var directory = Directory.CreateTempSubdirectory("incidentkit-keys-").FullName;
                return (new SqliteApiKeyStore($"Data Source={Path.Combine(directory, "keys.db")}"), () =>
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(directory, true);
                    return Task.CompletedTask;
                });
            case StoreKind.PostgreSql:
                var database = await PostgreSqlTestDatabase.CreateAsync("keys", Ct);
                var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
                return (new PostgreSqlApiKeyStore(dataSource), async () =>
                {
                    await dataSource.DisposeAsync();
                    await database.DisposeAsync();
                });
            default:
                return (new InMemoryApiKeyStore(), () => Task.CompletedTask);
        }
    }
}
