using IncidentKit.AspNetCore;
using IncidentKit.Escalation;
using IncidentKit.Notifications;
using IncidentKit.OnCall;
using IncidentKit.Samples.Web;
using IncidentKit.Sla;
using Microsoft.Data.Sqlite;
using NodaTime;
using Npgsql;
using Scalar.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Wires the sample: the store chosen by configuration, the desk's policies, the HTTP API and the pages.</summary>
internal static class IncidentDeskSetup
{
    /// <summary>Adds IncidentKit over SQLite (default) or PostgreSQL, the demo policies and schedule, notifications to the console, the HTTP API and the alert intake.</summary>
    public static WebApplicationBuilder AddIncidentDesk(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.Configure<SampleOptions>(configuration.GetSection("Sample"));
        var store = configuration["IncidentKit:Store"] ?? "Sqlite";
        var connectionString = configuration.GetConnectionString("IncidentKit");

        var incidentKit = builder.Services.AddIncidentKit(DemoPolicies.Configure);
        if (store.Equals("PostgreSql", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("IncidentKit:Store is PostgreSql: set ConnectionStrings:IncidentKit (ConnectionStrings__IncidentKit), e.g. Host=localhost;Username=postgres;Database=incidentkit.");
            }

            builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            incidentKit.UsePostgreSql(sp => sp.GetRequiredService<NpgsqlDataSource>(), null);
            builder.Services.UsePostgreSqlApiStores(sp => sp.GetRequiredService<NpgsqlDataSource>());
            builder.Services.UseFileSystemEvidence(configuration["Sample:EvidenceFolder"] ?? Path.Combine(builder.Environment.ContentRootPath, "data", "evidence"));
        }
        else if (store.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var data = Path.Combine(builder.Environment.ContentRootPath, "data");
                Directory.CreateDirectory(data);
                connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "incidentkit.db") }.ToString();
            }

            incidentKit.UseSqlite(connectionString);
            builder.Services.UseSqliteApiStores(connectionString);

            // Evidence files live in a folder beside the database file.
            var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
            builder.Services.UseFileSystemEvidence(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataSource)) ?? ".", "evidence"));
        }
        else
        {
            throw new InvalidOperationException($"IncidentKit:Store is '{store}'; expected Sqlite or PostgreSql.");
        }

        // Pages and status updates reach people through the console here; a real desk adds email, chat and SMS channels.
        incidentKit.AddNotifications().AddNotificationChannel(_ => new TextWriterChannel(Console.Out, "email"));
        // A P1 or P2 gets a draft review on resolution, and owners are reminded of drafts and action items past due; both, and the
        // review endpoints, count business days on the office calendar.
        incidentKit.AddReviewDrafts(DemoPolicies.ConfigureReviews).AddReviewReminders();
        // The demo schedule is the demo tenant's own: other tenants' keys do not see it (issue 16: on-call per tenant).
        var tenant = configuration["Sample:Tenant"] ?? new SampleOptions().Tenant;
        builder.Services.AddIncidentKitApi(api => api.ScheduleTenants["ops-primary"] = new IncidentKit.TenantId(tenant));
        builder.AddSampleAlertIntake();
        return builder;
    }

    /// <summary>Serves the dashboard from wwwroot, the API, its OpenAPI document and reference, and a health probe.</summary>
    public static WebApplication UseIncidentDesk(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapIncidentKitApi();
        app.UseSampleAlertIntake();
        app.MapOpenApi().RequireAuthorization(IncidentKitAuthenticationDefaults.Policy);
        app.MapScalarApiReference("/reference");
        app.MapGet("/healthz", () => "ok").AllowAnonymous();
        return app;
    }
}
