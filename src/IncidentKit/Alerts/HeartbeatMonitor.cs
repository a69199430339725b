using Ardalis.GuardClauses;
using IncidentKit.Guards;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Describes a heartbeat monitor: a job that pings every interval; a missed ping (after the grace) opens an incident, the next ping resolves it.</summary>
/// <remarks>The watch starts with the first ping. Each processed ping plans the monitor's next check (its deadline: ping, plus
/// interval, plus grace) as due work of kind <see cref="Storage.DueWorkKind.HeartbeatCheck"/> keyed by <see cref="CheckId"/>, in the
/// store's due-work table (<see cref="Storage.IDueCheckStore"/>); <see cref="AlertProcessor.RunHeartbeatChecksAsync"/> claims due
/// checks under the same leases as incidents' timers, so of several nodes exactly one acts on a missed heartbeat. A store that
/// keeps no checks falls back to the intake's group checks (<see cref="AlertProcessor.CheckDueAsync"/>).</remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record HeartbeatMonitor
{
    /// <summary>Initializes a monitor.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="name">The monitor's name (1 to 100 characters), as in <c>POST /heartbeats/{name}</c>.</param>
    /// <param name="interval">How often a ping is expected, at least one second.</param>
    /// <param name="grace">How late a ping may be before it counts as missed, zero or more.</param>
    /// <exception cref="ArgumentException">An argument is empty, unset or out of range.</exception>
    public HeartbeatMonitor(TenantId tenant, string name, Duration interval, Duration grace)
    {
        Guard.Against.Unset(tenant);
        Tenant = tenant;
        Name = Guard.Against.InvalidText(name, 100);
        if (interval < Duration.FromSeconds(1) || grace < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), "Expected an interval of at least one second and a grace of zero or more.");
        }

        Interval = interval;
        Grace = grace;
    }

    /// <summary>Gets the tenant.</summary>
    public TenantId Tenant { get; }

    /// <summary>Gets the monitor's name.</summary>
    public string Name { get; }

    /// <summary>Gets how often a ping is expected.</summary>
    public Duration Interval { get; }

    /// <summary>Gets how late a ping may be.</summary>
    public Duration Grace { get; }

    /// <summary>Gets the key of the monitor's check in the due-work store: an id derived from the tenant and the name (a
    /// name-based, version 8 UUID), which no incident has.</summary>
    public Incidents.IncidentId CheckId => AlertGroupEngine.IncidentIdFor(Tenant, "heartbeat-check|" + Name, 0);

    /// <summary>Gets the title of the incident a missed ping opens.</summary>
    public string Title => $"Heartbeat missed: {Name}";
}
