using System.Globalization;
using IncidentKit.Incidents;
using NodaTime;

namespace IncidentKit.Storage;

/// <summary>Formats and parses the keyset paging token shared by every store: the last item's opening instant and id.</summary>
/// <remarks>The token is <c>{unix ticks of OpenedAt}:{incident id}</c>; stores page with <c>(opened_at, id) &gt; (token)</c>.</remarks>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static class ContinuationToken
{
    /// <summary>Returns the token that continues after a summary.</summary>
    /// <param name="last">The last summary of a page.</param>
    /// <returns>The token.</returns>
    public static string Format(IncidentSummary last)
    {
        ArgumentNullException.ThrowIfNull(last);
        return string.Create(CultureInfo.InvariantCulture, $"{last.OpenedAt.ToUnixTimeTicks()}:{last.Id.Value:N}");
    }

    /// <summary>Parses a token into the position it continues after.</summary>
    /// <param name="token">The token, or <see langword="null"/> for the first page.</param>
    /// <returns>The position, or <see langword="null"/> for the first page.</returns>
    /// <exception cref="ArgumentException"><paramref name="token"/> is not a token a store issued.</exception>
    public static (long OpenedAtTicks, Guid Id)? Parse(string? token)
    {
        if (token is null)
        {
            return null;
        }

        var parts = token.Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
            && Guid.TryParseExact(parts[1], "N", out var id)
            ? (ticks, id)
            : throw new ArgumentException($"'{token}' is not a continuation token issued by an incident store.", nameof(token));
    }

    /// <summary>Returns whether a summary lies after a position in paging order.</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="position">The position from <see cref="Parse"/>.</param>
    /// <returns><see langword="true"/> when the summary comes after the position.</returns>
    public static bool IsAfter(IncidentSummary summary, (long OpenedAtTicks, Guid Id) position)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var ticks = summary.OpenedAt.ToUnixTimeTicks();
        return ticks > position.OpenedAtTicks || (ticks == position.OpenedAtTicks && summary.Id.Value.CompareTo(position.Id) > 0);
    }

    /// <summary>Compares two summaries in paging order: by opening instant, then id.</summary>
    /// <param name="x">The first summary.</param>
    /// <param name="y">The second summary.</param>
    /// <returns>A negative number, zero or a positive number.</returns>
    public static int Compare(IncidentSummary x, IncidentSummary y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byTime = x.OpenedAt.CompareTo(y.OpenedAt);
        return byTime != 0 ? byTime : x.Id.Value.CompareTo(y.Id.Value);
    }
}
