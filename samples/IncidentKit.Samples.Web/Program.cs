// The web sample: a running incident desk. It keeps incidents in a SQLite file in ./data (or PostgreSQL when configured),
// seeds a demo tenant on first start, runs the worker that records SLA breaches and escalations, and serves the HTTP API,
// its OpenAPI reference and the dashboard pages. The URL and the development keys are printed at start.
var builder = WebApplication.CreateBuilder(args);
builder.AddIncidentDesk();

var app = builder.Build();
app.UseIncidentDesk();
await app.SeedDemoTenantAsync();
app.Run();

/// <summary>Gives tests a handle on the sample's entry point (WebApplicationFactory).</summary>
public partial class Program;
