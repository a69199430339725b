using System.Diagnostics.CodeAnalysis;
using Ardalis.GuardClauses;
using IncidentKit.Sla;
using NodaTime;

namespace IncidentKit.Configuration;

/// <summary>Reads durations as IncidentKit's configuration writes them: ISO-8601 (<c>"PT4H"</c>, <c>"PT1H30M"</c>) or short
/// (<c>"4h"</c>, <c>"90m"</c>, <c>"1h30m"</c>, <c>"45s"</c>).</summary>
/// <remarks>
/// <para>Business time (SLA targets) refuses days and weeks, because a business day is not 24 hours. Elapsed time (escalation
/// delays, simulated delays) accepts them as 24 hours and 7 days (<c>"2d"</c>, <c>"1w"</c>, <c>"P1D"</c>). Either way a duration
/// is at most 100 000 000 seconds (about three years), and months and years are refused.</para>
/// <para>Tools that read their own documents (the simulator's scenarios, for example) use this so that their durations read
/// exactly as the SLA and escalation configuration do.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class DurationText
{
    /// <summary>Tries to read a duration.</summary>
    /// <param name="text">The text, for example <c>"1h30m"</c> or <c>"PT4H"</c>; surrounding white space is ignored.</param>
    /// <param name="allowDays"><see langword="true"/> for elapsed time, where <c>d</c> and <c>w</c> (and ISO days and weeks) are 24 hours and 7 days;
    /// <see langword="false"/> for business time, where they are refused.</param>
    /// <param name="duration">The duration read, or <see cref="Duration.Zero"/> when the text is refused.</param>
    /// <param name="problem">Why the text is refused (a phrase that follows a field name, such as <c>"'3x' has unit 'x'; use h, m or s"</c>), or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the text is a duration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static bool TryParse(string text, bool allowDays, out Duration duration, [NotNullWhen(false)] out string? problem)
    {
        Guard.Against.Null(text);
        var ok = SlaDurationText.TryParse(text, out duration, out var why, allowDays);
        problem = ok ? null : why.Length > 0 ? why : $"'{text}' is not a duration";
        return ok;
    }
}
