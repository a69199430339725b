namespace IncidentKit.Storage.Conformance;

/// <summary>Holds the ports of one store under test and disposes it when the test ends.</summary>
public sealed class StoreUnderTest : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private StoreUnderTest(IIncidentStore incidents, IDueWorkStore dueWork, IOutboxStore outbox, Func<ValueTask> dispose)
    {
        Incidents = incidents;
        DueWork = dueWork;
        Outbox = outbox;
        _dispose = dispose;
    }

    /// <summary>Gets the event streams and listing.</summary>
    public IIncidentStore Incidents { get; }

    /// <summary>Gets the due work.</summary>
    public IDueWorkStore DueWork { get; }

    /// <summary>Gets the outbox.</summary>
    public IOutboxStore Outbox { get; }

    /// <summary>Returns the ports of a store that implements all of them.</summary>
    /// <typeparam name="TStore">The store type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="dispose">What to do when the test ends, e.g. delete its files.</param>
    /// <returns>The store under test.</returns>
    public static StoreUnderTest Of<TStore>(TStore store, Func<ValueTask>? dispose = null)
        where TStore : IIncidentStore, IDueWorkStore, IOutboxStore =>
        new(store, store, store, dispose ?? (() => store is IAsyncDisposable d ? d.DisposeAsync() : ValueTask.CompletedTask));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dispose();
}
