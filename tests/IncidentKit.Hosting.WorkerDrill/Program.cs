using IncidentKit.Automations;
using System.Globalization;
using IncidentKit;
using IncidentKit.Hosting.Tests.Worker;
using IncidentKit.Hosting.Worker;
using IncidentKit.Hosting.WorkerDrill;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Worker drill child: one hosted IncidentKit worker against a shared SQLite file or PostgreSQL schema, its clock skewed by the
// given seconds, acting on "threshold i" work notes at OpenedAt + offset i (a slow act: the given milliseconds each). Prints
// "ready" once the worker runs and "act <incident> <i>" (flushed) each time it is about to record a threshold. The parent test
// kills it with SIGKILL mid-sweep, or when the drill is over.
if (args.Length != 7)
{
    Console.Error.WriteLine("usage: IncidentKit.Hosting.WorkerDrill <sqlite|postgresql> <connection string> <schema> <worker name> <clock skew s> <offsets s,s,...> <act ms>");
    return 2;
}

var (kind, connectionString, schema, name) = (args[0], args[1], args[2], args[3]);
var skew = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));
var offsets = args[5].Split(',').Select(s => NodaTime.Duration.FromSeconds(double.Parse(s, CultureInfo.InvariantCulture))).ToArray();
var act = TimeSpan.FromMilliseconds(int.Parse(args[6], CultureInfo.InvariantCulture));

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
// Warnings and errors go to stderr, so that stdout carries only the drill's own lines.
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<TimeProvider>(new SkewedTimeProvider(skew));
builder.Services.AddSingleton<IIncidentAutomation>(new DrillAutomation(offsets, act, Console.Out));
var incidentKit = builder.Services.AddIncidentKit(o =>
{
    o.WorkerName = name;
    o.PollInterval = TimeSpan.FromMilliseconds(200);
    o.LeaseDuration = TimeSpan.FromSeconds(3);
    o.BatchSize = 30;
    o.ScheduleCommunication = false;
    o.AutoCloseResolvedAfter = null;
});
_ = kind switch
{
    "sqlite" => incidentKit.UseSqlite(connectionString),
    "postgresql" => incidentKit.UsePostgreSql(connectionString, o => o.Schema = schema),
    _ => throw new ArgumentOutOfRangeException(nameof(args), kind, "Expected sqlite or postgresql."),
};
builder.Services.AddSingleton<IOutboxPlanner, EventKeyedOutboxPlanner>();

using var host = builder.Build();
await host.StartAsync();
await host.Services.GetRequiredService<WorkerHeartbeat>().WaitForBeatAsync(0, CancellationToken.None);
lock (Console.Out)
{
    Console.Out.WriteLine("ready");
    Console.Out.Flush();
}

// Runs until the parent kills the process (or closes stdin).
await Console.In.ReadToEndAsync();
await host.StopAsync();
return 0;

// The wall clock shifted by a fixed skew: what a node whose clock is off would see. Timers are unaffected.
internal sealed class SkewedTimeProvider(TimeSpan skew) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
}
