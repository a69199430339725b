using IncidentKit.Authorization;
using IncidentKit.Incidents.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NodaTime;

namespace IncidentKit.Hosting.Tests.Worker;

public sealed class WorkerAuthorizationTests
{
    private static readonly Duration Warning = Duration.FromMinutes(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_AuthorizerDeniesTheSystemActor_RecordsNothingLogsItAndRecordsOnceAllowed()
    {
        var authorizer = new SwitchableAuthorizer();
        var logs = new RecordingLoggerProvider();
        var time = new FakeTimeProvider(WorkerHarness.Start);
        using var host = WorkerHarness.Build(time, null, b => b.Services
            .AddSingleton<IIncidentAuthorizer>(authorizer)
            .AddLogging(l => l.AddProvider(logs)), new ThresholdAutomation(Warning));
        await host.StartAsync(Token);
        var worker = new WorkerHarness(host, time);
        await worker.Heartbeat.WaitForBeatAsync(0, Token);
        var incident = await worker.OpenAsync();

        await worker.AdvanceAsync(TimeSpan.FromMinutes(11));

        Assert.Equal(1, (await worker.LoadAsync(incident.Id)).Version);
        var denial = Assert.Single(logs.Messages, m => m.Contains("denied", StringComparison.Ordinal));
        Assert.Contains("AddWorkNote", denial, StringComparison.Ordinal);
        Assert.Contains(incident.Id.ToString(), denial, StringComparison.Ordinal);
        Assert.Contains("no automation in this tenant", denial, StringComparison.Ordinal);
        Assert.NotNull(await worker.DueAtOrNullAsync(incident.Id));

        // Allowed again: when the lease lapses the worker looks again and records the note, once.
        authorizer.DenySystem = false;
        await worker.AdvanceAsync(TimeSpan.FromSeconds(31));
        await worker.AdvanceAsync(TimeSpan.FromSeconds(5));

        var notes = (await worker.LoadAsync(incident.Id)).Events.OfType<WorkNoteAdded>().ToList();
        Assert.Equal([ThresholdAutomation.Note(0)], notes.Select(n => n.Text));
        await host.StopAsync(Token);
    }

    private sealed class SwitchableAuthorizer : IIncidentAuthorizer
    {
        public volatile bool DenySystem = true;

        public AuthorizationDecision Authorize(IncidentActor actor, TenantId tenant, IncidentAction action) =>
            DenySystem && actor.Roles.Contains(IncidentRole.System)
                ? AuthorizationDecision.Deny("no automation in this tenant")
                : RoleIncidentAuthorizer.Instance.Authorize(actor, tenant, action);
    }

    // Keeps every formatted log message of warning level or above.
    private sealed class RecordingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (_messages)
                {
                    _messages.Add(formatter(state, exception));
                }
            }
        }

        public void Dispose()
        {
        }
    }
}
