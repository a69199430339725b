using Ardalis.GuardClauses;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Storage;

/// <summary>Checks shared by every store, so that all of them refuse the same bad input with the same message.</summary>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class StoreContract
{
    /// <summary>Checks a change before a store writes it.</summary>
    /// <param name="change">The change.</param>
    /// <exception cref="ArgumentNullException"><paramref name="change"/> is null.</exception>
    /// <exception cref="ArgumentException">The change has no events, repeats an event id, its first event at version 0 is not
    /// <see cref="IncidentOpened"/>, or its summary belongs to another incident or version.</exception>
    public static void CheckChange(IncidentChange change)
    {
        Guard.Against.Null(change);
        if (change.Events is null || change.Events.Count == 0)
        {
            throw new ArgumentException("A change appends at least one event.", nameof(change));
        }

        if (change.Events.Select(e => e.EventId).Distinct().Count() != change.Events.Count)
        {
            throw new ArgumentException("A change repeats an event id.", nameof(change));
        }

        if (change.ExpectedVersion == ExpectedVersion.NoIncident && change.Events[0] is not IncidentOpened)
        {
            throw new ArgumentException($"A new incident's stream starts with {nameof(IncidentOpened)}.", nameof(change));
        }

        if (change.Events.Skip(1).Any(e => e is IncidentOpened) || (change.ExpectedVersion.Value > 0 && change.Events[0] is IncidentOpened))
        {
            throw new ArgumentException($"An incident's stream has exactly one {nameof(IncidentOpened)}, first.", nameof(change));
        }

        if (change.Summary is null || change.Summary.Tenant != change.Tenant || change.Summary.Id != change.Incident
            || change.Summary.Version != change.ExpectedVersion.Value + change.Events.Count)
        {
            throw new ArgumentException("The change's summary must describe the same tenant and incident at the version after the append.", nameof(change));
        }
    }
}
