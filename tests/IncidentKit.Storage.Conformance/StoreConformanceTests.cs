using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Incidents.Events;
using IncidentKit.Prioritization;
using NodaTime;
using NodaTime.Testing;

namespace IncidentKit.Storage.Conformance;

/// <summary>Shares the set-up of every conformance test: a fresh store per test, a fake clock and small builders.</summary>
/// <typeparam name="TFixture">The store's fixture.</typeparam>
/// <param name="fixture">The fixture that creates stores.</param>
public abstract class StoreConformanceTests<TFixture>(TFixture fixture) : IAsyncLifetime
    where TFixture : class, IIncidentStoreFixture
{
    /// <summary>Gets the first test tenant.</summary>
    protected static TenantId TenantA { get; } = new("tenant-a");

    /// <summary>Gets the second test tenant.</summary>
    protected static TenantId TenantB { get; } = new("tenant-b");

    /// <summary>Gets the actor of every test command.</summary>
    protected static UserId Actor { get; } = new("user:alice");

    /// <summary>Gets the test's clock, which starts at 2026-06-15T10:00Z.</summary>
    protected FakeClock Clock { get; } = new(Instant.FromUtc(2026, 6, 15, 10, 0));

    /// <summary>Gets the instant the clock shows now.</summary>
    protected Instant Now => Clock.GetCurrentInstant();

    /// <summary>Gets the test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Gets the store under test.</summary>
    protected StoreUnderTest Store { get; private set; } = null!;

    /// <summary>Gets the streams of the store under test.</summary>
    protected IIncidentStore Incidents => Store.Incidents;

    /// <summary>Gets the due work of the store under test.</summary>
    protected IDueWorkStore DueWork => Store.DueWork;

    /// <summary>Gets the outbox of the store under test.</summary>
    protected IOutboxStore Outbox => Store.Outbox;

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => Store = await fixture.CreateStoreAsync(Clock);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Returns a new, unsaved incident opened now.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="impact">The impact level, 1 to 3.</param>
    /// <param name="urgency">The urgency level, 1 to 3.</param>
    /// <param name="category">The category, if any.</param>
    /// <param name="title">The title.</param>
    /// <param name="id">The id; <see langword="null"/> makes a new one.</param>
    /// <returns>The incident with its opening event pending.</returns>
    protected Incident NewIncident(TenantId tenant, int impact = 2, int urgency = 2, string? category = null, string title = "Checkout fails", IncidentId? id = null) =>
        Incident.Open(id ?? IncidentId.New(), tenant, new NewIncident
        {
            Title = title,
            Impact = new Impact(impact),
            Urgency = new Urgency(urgency),
            Category = category is null ? null : new CategoryPath(category),
            Service = "checkout",
        }, Now, Actor);

    /// <summary>Stores a new incident and returns it committed.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="due">Its first due work, if any.</param>
    /// <param name="outbox">Messages to put in the outbox with it.</param>
    /// <returns>The stored incident.</returns>
    protected async Task<Incident> StoreNewAsync(TenantId tenant, DueWork? due = null, params OutboxMessage[] outbox)
    {
        var incident = NewIncident(tenant);
        await Incidents.AppendAsync(IncidentChange.For(incident) with { NextDue = due, Outbox = outbox }, Ct);
        incident.MarkCommitted();
        return incident;
    }

    /// <summary>Adds a work note to an incident and stores it.</summary>
    /// <param name="incident">The committed incident.</param>
    /// <param name="due">The next due work to plan with the note.</param>
    /// <param name="outbox">Messages to put in the outbox with the note.</param>
    /// <returns>The append's result.</returns>
    protected async Task<AppendResult> AddNoteAsync(Incident incident, DueWork? due = null, params OutboxMessage[] outbox)
    {
        incident.AddWorkNote($"note {incident.Version + 1}", Now, Actor);
        var result = await Incidents.AppendAsync(IncidentChange.For(incident) with { NextDue = due, Outbox = outbox }, Ct);
        incident.MarkCommitted();
        return result;
    }

    /// <summary>Returns an outbox message for an incident, created now.</summary>
    /// <param name="incident">The incident.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>The message.</returns>
    protected OutboxMessage Message(Incident incident, string kind = "notify.page") => new()
    {
        Id = Guid.NewGuid(),
        Tenant = incident.Tenant,
        Incident = incident.Id,
        Kind = kind,
        Payload = $$"""{"incident":"{{incident.Id}}","text":"Checkout fails","n":1}""",
        IdempotencyKey = $"{incident.Id}:{kind}:{incident.Version}",
        CreatedAt = Now,
    };

    /// <summary>Returns each event's JSON, to compare streams field by field.</summary>
    /// <param name="events">The events.</param>
    /// <returns>The JSON texts.</returns>
    protected static IReadOnlyList<string> Json(IEnumerable<IncidentEvent> events) => [.. events.Select(IncidentEventSerializer.Serialize)];
}
