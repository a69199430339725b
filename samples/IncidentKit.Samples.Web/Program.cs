// The web sample: an incident desk on the embedded SQLite default (built out by the web-host issue).
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/healthz", () => "ok");
app.Run();

/// <summary>Gives tests a handle on the sample's entry point (WebApplicationFactory).</summary>
public partial class Program;
