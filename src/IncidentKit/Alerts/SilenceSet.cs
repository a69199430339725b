using System.Buffers;
using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Alerts;

/// <summary>Holds a tenant's maintenance windows and finds, fast, whether one silences an alert now and until when.</summary>
/// <remarks>
/// <para>Implementation note: windows with an equality matcher are indexed by that label name and value, so matching an alert
/// looks up each of its labels once and checks only the few windows filed under them (both in <see cref="FindOrNull"/> and in
/// <see cref="SilencedUntil"/>); windows without one are checked every time. With overlapping or back-to-back windows, <see cref="SilencedUntil"/> follows the chain to the first instant no
/// matching window is in force.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class SilenceSet
{
    private readonly Dictionary<(TenantId, string, string), MaintenanceWindow[]> _indexed;
    private readonly MaintenanceWindow[] _scanned;

    /// <summary>Initializes a set.</summary>
    /// <param name="windows">The windows, of any tenants.</param>
    /// <exception cref="ArgumentNullException"><paramref name="windows"/> is null.</exception>
    public SilenceSet(IEnumerable<MaintenanceWindow> windows)
    {
        Guard.Against.Null(windows);
        var all = windows.ToList();
        Windows = all;
        _indexed = all.Where(w => w.IndexMatcher is not null)
            .GroupBy(w => (w.Tenant, w.IndexMatcher!.Name, w.IndexMatcher.Value))
            .ToDictionary(g => g.Key, g => g.ToArray());
        _scanned = [.. all.Where(w => w.IndexMatcher is null)];
    }

    /// <summary>Gets an empty set.</summary>
    public static SilenceSet Empty { get; } = new([]);

    /// <summary>Gets every window.</summary>
    public IReadOnlyList<MaintenanceWindow> Windows { get; }

    /// <summary>Returns a window that silences an alert of a tenant at an instant, or <see langword="null"/>.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="labels">The alert's labels.</param>
    /// <param name="at">The instant.</param>
    /// <returns>A silencing window, or <see langword="null"/>.</returns>
    public MaintenanceWindow? FindOrNull(TenantId tenant, IReadOnlyDictionary<string, string> labels, Instant at)
    {
        Guard.Against.Null(labels);
        foreach (var label in labels)
        {
            if (_indexed.TryGetValue((tenant, label.Key, label.Value), out var candidates))
            {
                foreach (var w in candidates)
                {
                    if (w.Matches(labels) && w.ActiveUntil(at) is not null)
                    {
                        return w;
                    }
                }
            }
        }

        foreach (var w in _scanned)
        {
            if (w.Tenant == tenant && w.Matches(labels) && w.ActiveUntil(at) is not null)
            {
                return w;
            }
        }

        return null;
    }

    /// <summary>Returns until when an alert stays silenced from an instant on, or <see langword="null"/> when it is not silenced then.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="labels">The alert's labels.</param>
    /// <param name="at">The instant.</param>
    /// <returns>The first instant at which no matching window is in force, or <see langword="null"/>.</returns>
    public Instant? SilencedUntil(TenantId tenant, IReadOnlyDictionary<string, string> labels, Instant at)
    {
        Guard.Against.Null(labels);

        // Only the windows filed under one of the alert's labels, and those without an index, can match; which of them match
        // does not change from hop to hop, so the label checks (regexes among them) run once.
        var size = _scanned.Length;
        foreach (var label in labels)
        {
            size += _indexed.TryGetValue((tenant, label.Key, label.Value), out var filed) ? filed.Length : 0;
        }

        if (size == 0)
        {
            return null;
        }

        var matching = ArrayPool<MaintenanceWindow>.Shared.Rent(size);
        try
        {
            var count = 0;
            foreach (var label in labels)
            {
                if (_indexed.TryGetValue((tenant, label.Key, label.Value), out var filed))
                {
                    count = AddMatching(filed, tenant, labels, matching, count);
                }
            }

            count = AddMatching(_scanned, tenant, labels, matching, count);
            Instant? until = null;
            var t = at;

            // Follow overlapping and back-to-back windows; bounded so that a pathological set cannot loop for ever.
            for (var hop = 0; hop < 64 && count > 0; hop++)
            {
                Instant? next = null;
                for (var n = 0; n < count; n++)
                {
                    if (matching[n].ActiveUntil(t) is { } end && (next is null || end > next))
                    {
                        next = end;
                    }
                }

                if (next is null)
                {
                    break;
                }

                until = next;
                t = next.Value;
            }

            return until;
        }
        finally
        {
            ArrayPool<MaintenanceWindow>.Shared.Return(matching, clearArray: true);
        }
    }

    private static int AddMatching(MaintenanceWindow[] windows, TenantId tenant, IReadOnlyDictionary<string, string> labels, MaintenanceWindow[] into, int count)
    {
        foreach (var w in windows)
        {
            if (w.Tenant == tenant && w.Matches(labels))
            {
                into[count++] = w;
            }
        }

        return count;
    }
}
