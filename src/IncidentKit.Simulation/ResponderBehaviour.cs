using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Describes how one person answers pages in a simulation.</summary>
/// <remarks>
/// A page that reaches the person inside an <see cref="Unavailable"/> window is never answered (they were on a flight, asleep
/// through it); a person who <see cref="NeverAnswers"/> answers no page at all. Otherwise they acknowledge after a draw from
/// <see cref="Acknowledge"/>, and the same draw decides how long they take to post a due status update once they own the
/// incident. Night pages are counted in the person's <see cref="Zone"/>.
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record ResponderBehaviour
{
    /// <summary>Gets how long the person takes to acknowledge a page.</summary>
    /// <value>The default value is a fixed 5 minutes.</value>
    public DelayDistribution Acknowledge { get; init; } = DelayDistribution.Fixed(Duration.FromMinutes(5));

    /// <summary>Gets how long the person takes to acknowledge a page that reaches them at night, or <see langword="null"/> to use <see cref="Acknowledge"/>.</summary>
    /// <remarks>Woken people answer slower; this is what a follow-the-sun schedule buys back.</remarks>
    public DelayDistribution? AcknowledgeAtNight { get; init; }

    /// <summary>Gets whether the person answers no page at all.</summary>
    public bool NeverAnswers { get; init; }

    /// <summary>Gets the windows in which pages reach the person but are not answered.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<Interval> Unavailable { get; init; } = [];

    /// <summary>Gets the person's time zone for counting night pages, or <see langword="null"/> for the scenario's zone.</summary>
    public DateTimeZone? Zone { get; init; }

    /// <summary>Returns whether a page at an instant would be answered at all.</summary>
    /// <param name="at">The instant the page reaches the person.</param>
    /// <returns><see langword="true"/> unless the person never answers or is unavailable then.</returns>
    public bool Answers(Instant at)
    {
        if (NeverAnswers)
        {
            return false;
        }

        foreach (var window in Unavailable)
        {
            if (window.Contains(at))
            {
                return false;
            }
        }

        return true;
    }
}
