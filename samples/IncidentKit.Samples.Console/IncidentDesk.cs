using IncidentKit;
using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Samples.Console;

/// <summary>Wires the sample: a store, the rules and the application service, behind one object the story uses.</summary>
internal sealed class IncidentDesk : IAsyncDisposable
{
    private readonly ScriptedClock _clock;
    private TenantId _tenant;
    private IncidentId _incident;

    private IncidentDesk(ScriptedClock clock, IIncidentStore store)
    {
        _clock = clock;
        Store = store;
        Service = new IncidentService(store, clock);
    }

    public IIncidentStore Store { get; }

    public IncidentService Service { get; }

    public static Task<IncidentDesk> OpenAsync(ScriptedClock clock, string[] args)
    {
        _ = args;
        return Task.FromResult(new IncidentDesk(clock, new InMemoryIncidentStore()));
    }

    /// <summary>Moves the clock to <paramref name="at"/> and runs one decision on the story's incident.</summary>
    public async Task Step(Instant at, Action<Incident, Instant> decide)
    {
        _clock.Set(at);
        var incident = await Service.ExecuteAsync(_tenant, _incident, decide);
        _ = incident;
    }

    public void Follow(TenantId tenant, IncidentId incident) => (_tenant, _incident) = (tenant, incident);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
