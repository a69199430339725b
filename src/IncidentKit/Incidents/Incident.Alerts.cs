using Ardalis.GuardClauses;
using IncidentKit.Guards;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Incidents;

// Facts the alert intake records on an incident besides links, reopenings and resolutions.
public sealed partial class Incident
{
    /// <summary>Records that the incident's alert group flaps; recording the same notice again does nothing.</summary>
    /// <param name="text">What the intake saw (1 to the text limit), unique per flapping episode.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who (the intake's actor).</param>
    /// <exception cref="ArgumentException">The text is empty or too long, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void RecordAlertGroupFlapping(string text, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(text, MaxTextLength);
        RecordOnce(DerivedEventId("alert-group-flapping", text), id => new AlertGroupFlapping(id, at, actor, text));
    }
}
