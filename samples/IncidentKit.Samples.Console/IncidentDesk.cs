using IncidentKit.Automations;
using IncidentKit.Calendars;
using IncidentKit.Communication;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.Notifications;
using IncidentKit.OnCall;
using IncidentKit.Sla;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using NodaTime;
using NodaTime.Extensions;

namespace IncidentKit.Samples.Console;

/// <summary>Wires the sample: SQLite storage, the SLA and escalation engines, on-call, and notifications, behind one object.</summary>
/// <remarks>
/// <see cref="RunUntilAsync"/> plays the timer worker: it wakes at each incident's next due instant, records the SLA and
/// escalation events due then, and dispatches the notifications the outbox holds. In a real host IncidentKit.Hosting's
/// worker does this on a TimeProvider timer, claiming the due work from the store under a lease, and AddNotifications()
/// runs the dispatcher.
/// </remarks>
internal sealed class IncidentDesk : IAsyncDisposable
{
    private const string WebhookSecret = "shared-with-the-status-page";
    private readonly ScriptedTime _time;
    private readonly TextWriter _output;
    private readonly DateTimeZone _zone;
    private readonly string _directory;
    private readonly SqliteIncidentStore _store;
    private readonly SlaEngine _sla;
    private readonly EscalationEngine _escalation;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly WebhookReceiver _statusPage;
    private readonly NotificationDispatcher _dispatcher;
    private Incident? _incident;
    private long _printed;

    public IncidentDesk(ScriptedTime time, TextWriter output, DateTimeZone zone)
    {
        (_time, _output, _zone) = (time, output, zone);
        var clock = time.ToClock();
        _directory = Directory.CreateTempSubdirectory("incidentkit-sample-").FullName;
        _store = new SqliteIncidentStore(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "incidents.db")}" }, clock);

        var office = BusinessCalendar.FromJson("""
            { "timeZone": "Europe/London",
              "weekly": { "monday": ["09:00-17:30"], "tuesday": ["09:00-17:30"], "wednesday": ["09:00-17:30"],
                          "thursday": ["09:00-17:30"], "friday": ["09:00-17:30"] },
              "holidays": ["2026-04-03", "2026-04-06"] }
            """);
        _sla = new SlaEngine(SlaPolicySet.FromJson("""
            { "policies": [ { "name": "standard",
                "targets": { "P1": { "response": "15m", "resolution": { "within": "4h", "calendar": "office" }, "update": "1h" },
                             "P2": { "response": "30m", "resolution": { "within": "8h", "calendar": "office" }, "update": "2h" } } } ] }
            """), new Dictionary<string, BusinessCalendar> { ["office"] = office });

        // The DBAs rotate daily at 09:00 London; level 2 is the whole team, level 3 the service owner's manager.
        Schedule = new OnCallScheduleBuilder(new ScheduleId("dba-primary"), "Europe/London")
            .AddLayer("daily", [Story.Alice, Story.Grace], new LocalDateTime(2026, 3, 23, 9, 0), RotationLength.Days(1))
            .Build();
        var policy = new EscalationPolicyBuilder("database", "Database outage")
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(5), EscalationTarget.Schedule("dba-primary"))
            .AddLevel(EscalationKind.Functional, Duration.FromMinutes(10), EscalationTarget.Team("dba"))
            .AddLevel(EscalationKind.Hierarchical, Duration.FromMinutes(15), EscalationTarget.Role("service-owner-manager"))
            .RepeatTimes(1)
            .Build();
        _escalation = new EscalationEngine(new EscalationMatrixBuilder().UseFallback(policy).Build(), new OnCallRoster([Schedule]),
            new EscalationDirectory().WithTeam("dba", Story.Bob, Story.Carol).WithRole("service-owner-manager", [Story.Dave]));

        // P1s go to responders on the console; the status page follows the service through a signed webhook. Every change
        // writes its notifications to the SQLite outbox in the same transaction as its events and its next due work.
        var critical = CommunicationPlans.Default.ForPriority(Prioritization.Priority.P1).ToBuilder().UseChannels("console").Build();
        var composer = new NotificationComposer(CommunicationPlans.Default.With(Prioritization.Priority.P1, critical), incidentLinkBase: new Uri("https://ops.example.com/incidents"))
        {
            // Messages show times as the timeline does: London time, British English, the zone named.
            DefaultLocale = new MessageLocale(zone, System.Globalization.CultureInfo.GetCultureInfo("en-GB")),
        };
        var subscriptions = new InMemorySubscriptionStore(
            [new(Story.Tenant, Recipient.ForGroup("status-page"), SubscriptionTarget.ForService("orders-db"), Audience.External, ["webhook"])]);
        Service = new IncidentService(_store, clock, new IncidentServiceOptions
        {
            Automations = { new SlaAutomation(_sla), new EscalationAutomation(_escalation) },
            Outbox = new NotificationOutboxPlanner(composer, subscriptions),
        });

        _statusPage = new WebhookReceiver(WebhookSecret, output, time);
        var webhook = new WebhookChannel(_http, new WebhookChannelOptions { Endpoint = _statusPage.Url, Secret = WebhookSecret }, time);
        var outbox = new StoreNotificationOutbox(_store, owner: "sample", leaseDuration: Duration.FromMinutes(1));
        _dispatcher = new NotificationDispatcher(outbox, [new ConsolePager(output), webhook], new InMemoryDeliveryDeduplicationStore(),
            new NotificationDispatcherOptions
            {
                QuickRetry = { Delay = TimeSpan.Zero },
                BundleWindow = TimeSpan.Zero,
                Recorder = new DeliveryLogRecorder(_store),
                TimeProvider = time,
                SendCheck = new IncidentServiceSendCheck(Service),
            });
    }

    public IncidentService Service { get; }

    public SqliteIncidentStore Store => _store;

    public OnCallSchedule Schedule { get; }

    public int WebhookDeliveries => _statusPage.Received;

    // Deliveries are kept in the store's delivery log beside the incident's stream, not as its events.
    public async Task<int> DeliveriesRecordedAsync(TenantId tenant, IncidentId incident) =>
        (await _store.ReadDeliveriesAsync(tenant, incident)).Count(d => d.Delivered);

    public Instant Now => _time.GetUtcNow().ToInstant();

    public async Task<Incident> OpenAsync(Instant at, NewIncident details, UserId reporter)
    {
        await RunUntilAsync(at);
        _incident = await Service.OpenAsync(Story.Tenant, details, reporter);
        await AfterChangeAsync(Automate);
        return _incident;
    }

    /// <summary>Lets the worker catch up to <paramref name="at"/>, then runs one decision of the story at that instant.</summary>
    public async Task StepAsync(Instant at, Action<Incident, Instant> decide)
    {
        await RunUntilAsync(at);
        await AfterChangeAsync((incident, now) =>
        {
            decide(incident, now);
            Automate(incident, now);
        });
    }

    /// <summary>Plays the timer worker until <paramref name="until"/>: wakes at each due instant and records what is due.</summary>
    public async Task RunUntilAsync(Instant until)
    {
        while (_incident is not null && NextDue(_incident) is { } due && due.DueAt <= until)
        {
            _time.MoveTo(Instant.Max(due.DueAt, Now).ToDateTimeOffset());
            await AfterChangeAsync(Automate);
        }

        _time.MoveTo(until.ToDateTimeOffset());
    }

    public SlaState SlaNow() => _incident!.GetSlaState(_sla, Now);

    public async ValueTask DisposeAsync()
    {
        _dispatcher.Dispose();
        _http.Dispose();
        await _statusPage.DisposeAsync();
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    // The automation a worker runs: SLA thresholds first (at their true instants), then escalation on the result.
    private void Automate(Incident incident, Instant now)
    {
        incident.RecordDueSlaEvents(_sla, now, UserId.System);
        incident.RecordEscalation(_escalation.Decide(incident, now, Complexity.Standard));
    }

    private DueWork? NextDue(Incident incident)
    {
        if (!incident.IsOpen)
        {
            return null;
        }

        var sla = _sla.GetNextDue(incident.Events)?.At;
        var page = _escalation.Fold(incident.Events).NextDueAt;
        return (sla, page) switch
        {
            ({ } s, { } p) => s <= p ? new DueWork(s, DueWorkKind.SlaThreshold) : new DueWork(p, DueWorkKind.EscalationStep),
            ({ } s, null) => new DueWork(s, DueWorkKind.SlaThreshold),
            (null, { } p) => new DueWork(p, DueWorkKind.EscalationStep),
            _ => null,
        };
    }

    private async Task AfterChangeAsync(Action<Incident, Instant> decide)
    {
        var incident = await Service.ExecuteAsync(Story.Tenant, _incident!.Id, decide);
        foreach (var e in incident.Events.Skip((int)_printed))
        {
            if (Timeline.Describe(e, _zone) is { } line)
            {
                _output.WriteLine($"  {Timeline.When(e.At, _zone)}  {e.Actor.Value,-20} {line}");
            }
        }

        await _dispatcher.DispatchAsync();
        _incident = await Service.FindOrNullAsync(Story.Tenant, incident.Id) ?? incident;
        _printed = _incident.Version;
    }
}
