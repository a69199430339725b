using System.Diagnostics.Metrics;
using IncidentKit.Automations;
using IncidentKit.Communication;
using IncidentKit.Hosting;
using IncidentKit.Hosting.Worker;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using IncidentKit.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds IncidentKit to a service collection: rules, clock, store, application service, the timer worker, metrics and options.</summary>
/// <threadsafety>The methods are not thread-safe; call them while the services are being configured.</threadsafety>
public static class IncidentKitServiceCollectionExtensions
{
    /// <summary>Adds IncidentKit with its default options.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to choose the store with: <c>UseSqlite(…)</c>, <c>UsePostgreSql(…)</c> or <see cref="IncidentKitBuilder.UseInMemoryStore"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static IncidentKitBuilder AddIncidentKit(this IServiceCollection services) => AddIncidentKit(services, static _ => { });

    /// <summary>Adds IncidentKit, with options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; it runs after any configuration section given to another call.</param>
    /// <returns>A builder to choose the store with: <c>UseSqlite(…)</c>, <c>UsePostgreSql(…)</c> or <see cref="IncidentKitBuilder.UseInMemoryStore"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configure"/> is null.</exception>
    /// <remarks>
    /// <para>A store must be chosen on the returned builder: <c>UseSqlite(…)</c> (IncidentKit.Sqlite), <c>UsePostgreSql(…)</c>
    /// (IncidentKit.PostgreSql) or <see cref="IncidentKitBuilder.UseInMemoryStore"/> (tests and demos: a restart loses every
    /// incident). Without one the host fails to start, and resolving <see cref="IncidentService"/> fails, with an
    /// <see cref="InvalidOperationException"/> that names the three.</para>
    /// <para>Services are added with <c>TryAdd</c>, so registrations the host made before win (for example its own
    /// <see cref="TimeProvider"/> or <see cref="IncidentRules"/>). Calling this more than once adds
    /// the options of each call but registers the services only once.</para>
    /// <para>The options are validated when the host starts (<c>ValidateOnStart</c>); an invalid setup fails the start with
    /// an <see cref="OptionsValidationException"/> that lists every problem.</para>
    /// <para>The worker (a hosted service, unless <see cref="IncidentKitOptions.EnableWorker"/> is off) claims incidents whose
    /// planned work is due, under a lease of <see cref="IncidentKitOptions.LeaseDuration"/>, and appends what fell due together
    /// with its outbox messages and the incident's next due work, in one change. Several nodes may run it against one
    /// database: what was done is read from the incident's events and appends are checked against the expected version, so
    /// each effect is recorded once, whichever node gets there and however their clocks differ.</para>
    /// <para>Misfire rule: after downtime, each missed SLA event (warning, breach, met) is recorded once, with its true due
    /// instant; escalation resumes at the level in force now and pages it once, rather than replaying every missed page;
    /// a resolved incident is auto-closed as of resolution + <see cref="IncidentKitOptions.AutoCloseResolvedAfter"/>.</para>
    /// <para>What the options build is registered once and shared by the worker, <see cref="IncidentService"/> and the host's own
    /// code: the <see cref="PriorityMatrix"/>, the <see cref="SlaEngine"/> (when <see cref="IncidentKitOptions.SlaPolicies"/> is set),
    /// the <see cref="OnCallRoster"/> and the <see cref="EscalationEngine"/> (when <see cref="IncidentKitOptions.Escalation"/> is set).</para>
    /// <para>The worker records SLA events when <see cref="IncidentKitOptions.SlaPolicies"/> is set (or the host registers a
    /// <see cref="SlaEngine"/>), and fires escalation steps when <see cref="IncidentKitOptions.Escalation"/> is set (an
    /// <see cref="EscalationEngine"/> over <see cref="IncidentKitOptions.Schedules"/> and <see cref="IncidentKitOptions.Directory"/>
    /// is then registered, and an <see cref="OnCallRoster"/> always is) or the host registers its own <see cref="EscalationEngine"/>.</para>
    /// <para>Stakeholder communication: for an open incident the worker follows the communication plan of its priority
    /// (the <see cref="NotificationComposer"/>'s <see cref="NotificationComposer.Plans"/>): at the plan's reminder instant
    /// (<see cref="StatusUpdateSchedule.NextReminder"/>) it records one <see cref="IncidentKit.Incidents.Events.StatusUpdateDue"/>, which the
    /// outbox planner composes into the reminder to the owner, and at each slot of the executive-summary grid one
    /// <see cref="IncidentKit.Incidents.Events.ExecutiveSummaryDue"/>, composed into the summary. Posting a status update moves the next
    /// reminder; resolving, closing or cancelling stops both. Misfire rule: after downtime the owner gets one reminder for the
    /// update now due, and only the latest slot's summary is sent (missed slots are skipped, not replayed). Off with
    /// <see cref="IncidentKitOptions.ScheduleCommunication"/>.</para>
    /// <para>Notifications: every change, the worker's and those made through <see cref="IncidentService"/>, writes the
    /// notifications it calls for to the outbox in the same append (<see cref="IOutboxPlanner"/>; by default a
    /// <see cref="NotificationOutboxPlanner"/> over a <see cref="NotificationComposer"/> built from
    /// <see cref="IncidentKitOptions.CommunicationPlans"/>, <see cref="IncidentKitOptions.NotificationTemplates"/> and
    /// <see cref="IncidentKitOptions.IncidentLinkBase"/>, and the <see cref="ISubscriptionStore"/> of the chosen store, in memory
    /// when it keeps none). A dispatcher sends them: <c>AddNotifications()</c> from IncidentKit.Notifications. A host that sends no
    /// notifications should register an <see cref="IOutboxPlanner"/> that plans none, or the outbox grows and the health check
    /// reports its lag.</para>
    /// <para>The worker runs due work through the registered <see cref="IncidentService"/>
    /// (<see cref="IncidentService.RunDueAsync(ClaimedDueWork, CancellationToken, CancellationToken)"/>), whose automations are the
    /// ones the options call for, in this order: SLA, escalation, major incidents and runbooks, communication, every
    /// <see cref="IIncidentAutomation"/> the host registers (for example <c>services.AddSingleton&lt;IIncidentAutomation&gt;(new AssignToOnCall(…))</c>),
    /// then auto-close.</para>
    /// <para>The domain's <see cref="IClock"/> is the host's <see cref="TimeProvider"/> (default <see cref="TimeProvider.System"/>),
    /// converted once, so a fake time provider in tests moves both the clock and the worker's timers.</para>
    /// </remarks>
    public static IncidentKitBuilder AddIncidentKit(this IServiceCollection services, Action<IncidentKitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<IncidentKitOptions>().Configure(configure);
        AddCore(services);
        return new IncidentKitBuilder(services);
    }

    /// <summary>Adds IncidentKit, with options read from a configuration section (typically <c>configuration.GetSection("IncidentKit")</c>).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section: <c>PollInterval</c>, <c>LeaseDuration</c>, <c>BatchSize</c>,
    /// <c>AutoCloseResolvedAfter</c>, <c>Workflow</c>, <c>PriorityMatrix</c>, <c>Calendars</c>, <c>IncidentLinkBase</c> and the other
    /// <see cref="IncidentKitOptions"/> settings.</param>
    /// <param name="configure">Sets further options in code after the section was read, or <see langword="null"/>.</param>
    /// <returns>A builder to choose the store with: <c>UseSqlite(…)</c>, <c>UsePostgreSql(…)</c> or <see cref="IncidentKitBuilder.UseInMemoryStore"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    /// <remarks>
    /// <para>Time spans are written as <c>"00:00:05"</c> or <c>"3.00:00:00"</c>. The priority matrix is
    /// <c>{ "Rows": [["P1","P2","P3"],["P2","P3","P4"],["P3","P4","P5"]], "Labels": { "P1": "Critical" } }</c>, a row per impact
    /// level and a column per urgency level. Each calendar under <c>Calendars</c> is keyed by its name and has the shape
    /// <c>BusinessCalendar.FromJson</c> reads, written as configuration or as one JSON string. Likewise <c>SlaPolicies</c>
    /// (<c>SlaPolicySet.FromJson</c>), <c>Schedules</c> (a list of <c>OnCallSchedule.FromJson</c> schedules, or an object of them keyed by
    /// id), <c>Escalation</c> (<c>EscalationMatrix.FromJson</c>) and <c>Directory</c> (<c>EscalationDirectory.FromJson</c>).</para>
    /// <para>Problems in the section (unknown settings, values that do not parse, invalid matrices or calendars) are not thrown
    /// here: they are reported with every other option problem when the host starts, each with its configuration path.</para>
    /// </remarks>
    public static IncidentKitBuilder AddIncidentKit(this IServiceCollection services, IConfiguration configuration, Action<IncidentKitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<IncidentKitOptions>().Configure(o => IncidentKitConfigurationReader.Read(configuration, o));
        return AddIncidentKit(services, configure ?? (static _ => { }));
    }

    // The options' policies over the options' calendars; null without policies. The validator has built it once already, so a
    // calendar a policy names but the options lack fails the start rather than getting here.
    internal static SlaEngine? CreateSlaEngine(IncidentKitOptions options) =>
        options.SlaPolicies is { } policies ? new SlaEngine(policies, options.Calendars.ToDictionary(StringComparer.Ordinal)) : null;

    private static void AddCore(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IncidentKitMarker)))
        {
            return;
        }

        services.AddSingleton<IncidentKitMarker>();
        services.AddOptions<IncidentKitOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IncidentKitOptions>, IncidentKitOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        // Converted once: every consumer of IClock shares the one bridge over the host's TimeProvider.
        services.TryAddSingleton<IClock>(sp => sp.GetRequiredService<TimeProvider>().ToClock());

        // What the options build is registered once, and the worker, IncidentService and the host's own code share it:
        // the priority matrix, the SLA engine (null without policies), the roster and the escalation engine below.
        services.TryAddSingleton(static sp => sp.GetRequiredService<IOptions<IncidentKitOptions>>().Value.PriorityMatrix ?? PriorityMatrix.Default);
        services.TryAddSingleton(static sp =>
        {
            var o = sp.GetRequiredService<IOptions<IncidentKitOptions>>().Value;
            return new IncidentRules(o.Workflow, sp.GetRequiredService<PriorityMatrix>(), o.Categories);
        });
        services.TryAddSingleton(static sp => CreateSlaEngine(sp.GetRequiredService<IOptions<IncidentKitOptions>>().Value)!);

        // The store is the host's explicit choice (UseSqlite, UsePostgreSql, UseInMemoryStore): one unit of incidents, due work
        // and outbox, registered by IncidentKitBuilder.UseStore. Without one the host fails to start, naming the three.
        services.TryAddSingleton(sp => new IncidentKitMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new InstrumentedIncidentStore(IncidentKitStoreChoice.Require<IIncidentKitStore>(sp), sp.GetRequiredService<IncidentKitMetrics>(), sp.GetServices<IIncidentAppendObserver>()));
        services.TryAddSingleton<EscalationHealth>();
        // Escalation from the options: the roster over the configured schedules, and an engine only when a matrix is configured
        // (the factory answers null otherwise, so the worker runs without escalation, as before).
        services.TryAddSingleton(sp => new OnCallRoster(sp.GetRequiredService<IOptions<IncidentKitOptions>>().Value.Schedules));
        AddOnCallAdjustments(services);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<IncidentKitOptions>>().Value;
            return o.Escalation is { } matrix
                ? new EscalationEngine(matrix, sp.GetRequiredService<LiveOnCallRoster>(), o.Directory ?? new EscalationDirectory())
                : null!;
        });

        // Every change, the worker's and users', writes its notifications to the outbox in the same append.
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<IncidentKitOptions>>().Value;
            return new NotificationComposer(o.CommunicationPlans, o.NotificationTemplates, o.IncidentLinkBase);
        });
        services.TryAddSingleton<IOutboxPlanner>(static sp => new NotificationOutboxPlanner(
            sp.GetRequiredService<NotificationComposer>(), IncidentKitStoreChoice.Require<ISubscriptionStore>(sp))
        {
            Exercises = sp.GetRequiredService<IOptions<IncidentKitOptions>>().Value.Exercises,
        });
        services.TryAddSingleton<WorkerHeartbeat>();
        services.TryAddSingleton<IncidentKit.Authorization.IIncidentAuthorizer>(IncidentKit.Authorization.RoleIncidentAuthorizer.Instance);
        services.TryAddSingleton(static sp => CreateIncidentService(sp));

        services.AddHostedService<IncidentKitWorker>();
    }

    // The one IncidentService of the host: users' commands and the worker's due work go through it, with the automations the
    // options call for. Order matters: SLA events first (escalation rules may react to a breach), then escalation, the
    // major-incident protocol, the communication plan (reminders and summaries), the host's own automations, then auto-close.
    private static IncidentService CreateIncidentService(IServiceProvider sp)
    {
        var o = sp.GetRequiredService<IOptions<IncidentKitOptions>>().Value;
        var store = sp.GetRequiredService<InstrumentedIncidentStore>();
        var logger = (ILogger?)sp.GetService<ILogger<IncidentService>>() ?? NullLogger.Instance;
        var options = new IncidentServiceOptions
        {
            Rules = sp.GetRequiredService<IncidentRules>(),
            Outbox = sp.GetRequiredService<IOutboxPlanner>(),
            DueWork = store.DueWork,
            Authorizer = sp.GetRequiredService<IncidentKit.Authorization.IIncidentAuthorizer>(),
            AutomationRetryDelay = Duration.FromTimeSpan(o.LeaseDuration),
            OnAutomationFailed = a => Log.AutomationFailed(logger, a.Exception, a.Automation.GetType().Name, a.Incident.Id.ToString(),
                a.Incident.Tenant.ToString(), a.RetryAt.ToString()),
        };
        if (sp.GetService<SlaEngine>() is { } sla)
        {
            options.Automations.Add(new SlaAutomation(sla));
        }

        if (sp.GetService<EscalationEngine>() is { } escalation)
        {
            options.Automations.Add(new EscalationAutomation(escalation, o.ComplexityOf));
        }

        var major = new MajorIncidentAutomation(o.MajorIncidents, o.Runbooks, sp.GetRequiredService<LiveOnCallRoster>(),
            sp.GetService<IncidentKit.MajorIncidents.IWarRoomProvider>(), sp.GetRequiredService<NotificationComposer>().Plans);
        if (major.IsActive)
        {
            options.Automations.Add(major);
        }

        if (o.ScheduleCommunication)
        {
            options.Automations.Add(new CommunicationAutomation(sp.GetRequiredService<NotificationComposer>().Plans));
        }

        foreach (var automation in sp.GetServices<IIncidentAutomation>())
        {
            options.Automations.Add(automation);
        }

        if (o.AutoCloseResolvedAfter is { } autoClose)
        {
            options.Automations.Add(new AutoCloseAutomation(Duration.FromTimeSpan(autoClose)));
        }

        return new IncidentService(store, sp.GetRequiredService<IClock>(), options);
    }

    // Run-time on-call changes: stored (by the chosen store, or in memory when it keeps none), applied to the live roster that
    // escalation resolves through, refreshed every poll interval so changes made on other nodes are honoured.
    private static void AddOnCallAdjustments(IServiceCollection services)
    {
        services.TryAddSingleton(static sp => new LiveOnCallRoster(sp.GetRequiredService<OnCallRoster>()));
        services.TryAddSingleton<OnCallHandoffQueue>();
        services.TryAddSingleton(static sp => new OnCallAdjustments(
            IncidentKitStoreChoice.Require<IOnCallAdjustmentStore>(sp),
            sp.GetRequiredService<LiveOnCallRoster>(),
            sp.GetRequiredService<NotificationComposer>(),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<OnCallHandoffQueue>()));
        services.AddHostedService<OnCallRefreshService>();
    }
}
