using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentKit.AspNetCore.Security;
using IncidentKit.Authorization;
using IncidentKit.Sla;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NodaTime;
using Npgsql;
using IncidentKit.Hosting.Tests;

namespace IncidentKit.AspNetCore.Tests.Support;

/// <summary>Which stores a test host keeps incidents, keys and idempotency answers in.</summary>
public enum StoreKind
{
    InMemory,
    Sqlite,
    PostgreSql,
}

/// <summary>An in-process host of the HTTP API on a test server, with a fake clock, no worker, and keys for two tenants.</summary>
internal sealed class ApiHost : IAsyncDisposable
{
    public static readonly TenantId TenantA = new("tenant-a");
    public static readonly TenantId TenantB = new("tenant-b");

    private readonly WebApplication _app;
    private readonly string? _directory;
    private readonly PostgreSqlTestDatabase? _database;
    private readonly Dictionary<string, string> _keys = [];

    private ApiHost(WebApplication app, FakeTimeProvider time, string? directory, PostgreSqlTestDatabase? database)
    {
        _app = app;
        Time = time;
        _directory = directory;
        _database = database;
    }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _app.Services;

    public WebApplication App => _app;

    /// <summary>Gets the PostgreSQL database's connection string, for a second node on the same database.</summary>
    public string? PostgreSqlConnectionString { get; private set; }

    public static async Task<ApiHost> StartAsync(StoreKind kind = StoreKind.InMemory, Action<WebApplicationBuilder>? configure = null,
        Action<IncidentKit.Hosting.IncidentKitOptions>? options = null, Action<IncidentKitApiOptions>? api = null, ApiHost? sameDatabaseAs = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        string? directory = null;
        PostgreSqlTestDatabase? database = null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        var incidentKit = builder.Services.AddIncidentKit(o =>
        {
            o.EnableWorker = false;
            o.SlaPolicies = SlaPolicySet.FromJson("""
                { "policies": [ { "name": "standard",
                    "targets": { "P1": { "response": "15m", "resolution": "4h" }, "P2": { "response": "30m", "resolution": "8h" },
                                 "P3": { "response": "4h", "resolution": "24h" } } } ] }
                """);
            o.Schedules.Add(new IncidentKit.OnCall.OnCallScheduleBuilder(new IncidentKit.OnCall.ScheduleId("ops"), "UTC")
                .AddLayer("week", [new UserId("alice"), new UserId("bob")], new LocalDateTime(2026, 3, 2, 9, 0), IncidentKit.OnCall.RotationLength.Days(1))
                .Build());
            options?.Invoke(o);
        });
        builder.Services.AddSingleton<IncidentKit.Storage.IOutboxPlanner>(new NoOutbox());
        builder.Services.AddIncidentKitApi(api);
        switch (kind)
        {
            case StoreKind.InMemory:
                incidentKit.UseInMemoryStore();
                break;
            case StoreKind.Sqlite:
                directory = Directory.CreateTempSubdirectory("incidentkit-api-").FullName;
                var cs = $"Data Source={Path.Combine(directory, "incidents.db")}";
                incidentKit.UseSqlite(cs);
                builder.Services.UseSqliteApiStores(cs);
                break;
            case StoreKind.PostgreSql:
                // A second node shares the first one's database (and leaves dropping it to the first).
                database = sameDatabaseAs is null ? await PostgreSqlTestDatabase.CreateAsync("api", ct) : null;
                var dataSource = NpgsqlDataSource.Create(sameDatabaseAs?.PostgreSqlConnectionString ?? database!.ConnectionString);
                builder.Services.AddSingleton(dataSource);
                incidentKit.UsePostgreSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), null);
                builder.Services.UsePostgreSqlApiStores(sp => sp.GetRequiredService<NpgsqlDataSource>());
                break;
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapIncidentKitApi();
#if NET9_0_OR_GREATER
        app.MapOpenApi();
#endif
        await app.StartAsync(ct);
        var host = new ApiHost(app, time, directory, database)
        {
            PostgreSqlConnectionString = sameDatabaseAs?.PostgreSqlConnectionString ?? database?.ConnectionString,
        };
        await host.AddKeyAsync("a-viewer", TenantA, "vera", IncidentRole.Viewer);
        await host.AddKeyAsync("a-responder", TenantA, "alice", IncidentRole.Responder);
        await host.AddKeyAsync("a-commander", TenantA, "carl", IncidentRole.IncidentCommander);
        await host.AddKeyAsync("a-admin", TenantA, "ada", IncidentRole.Admin);
        await host.AddKeyAsync("b-admin", TenantB, "bert", IncidentRole.Admin);
        return host;
    }

    public async Task<string> AddKeyAsync(string name, TenantId tenant, string user, params IncidentRole[] roles)
    {
        var (key, record) = ApiKeys.Create(tenant, new UserId(user), roles, name, Instant.FromDateTimeOffset(Time.GetUtcNow()));
        await Services.GetRequiredService<IApiKeyStore>().AddAsync(record, TestContext.Current.CancellationToken);
        _keys[name] = key;
        return key;
    }

    public string Key(string name) => _keys[name];

    /// <summary>Returns a client that presents the named key as a bearer token (or none).</summary>
    public HttpClient Client(string? keyName = "a-responder")
    {
        var client = _app.GetTestClient();
        if (keyName is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _keys[keyName]);
        }

        return client;
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException($"Expected a JSON object, got: {text}");
    }

    public static async Task<string> OpenAsync(HttpClient client, string title = "Checkout is down", int impact = 1, int urgency = 1, string? service = null)
    {
        using var response = await client.PostAsJsonAsync("/api/incidents", new { title, impact, urgency, service }, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response))["id"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object? body = null) =>
        body is null
            ? client.PostAsync(path, null, TestContext.Current.CancellationToken)
            : client.PostAsJsonAsync(path, body, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    // The API tests look at incidents, not notifications.
    private sealed class NoOutbox : IncidentKit.Storage.IOutboxPlanner
    {
        public ValueTask<IReadOnlyList<IncidentKit.Storage.OutboxMessage>> PlanAsync(IncidentKit.Incidents.Incident incident,
            IReadOnlyList<IncidentKit.Incidents.Events.IncidentEvent> events, Instant at, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<IncidentKit.Storage.OutboxMessage>>([]);
    }
}
