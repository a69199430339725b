using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;

namespace IncidentKit.AspNetCore.Http;

// The words of the wire: command routes, state names and priorities as people type them.
internal static class ApiText
{
    public static readonly IReadOnlyList<(string Route, IncidentCommand Command)> CommandRoutes =
    [
        ("acknowledge", IncidentCommand.Acknowledge),
        ("start", IncidentCommand.StartWork),
        ("hold", IncidentCommand.PutOnHold),
        ("resume", IncidentCommand.Resume),
        ("assign", IncidentCommand.Assign),
        ("note", IncidentCommand.AddWorkNote),
        ("diagnose", IncidentCommand.RecordDiagnosis),
        ("status-update", IncidentCommand.PostStatusUpdate),
        ("priority", IncidentCommand.ChangePriority),
        ("resolve", IncidentCommand.Resolve),
        ("close", IncidentCommand.Close),
        ("reopen", IncidentCommand.Reopen),
        ("cancel", IncidentCommand.Cancel),
    ];

    public static string? RouteOf(IncidentCommand command)
    {
        foreach (var (route, c) in CommandRoutes)
        {
            if (c == command)
            {
                return route;
            }
        }

        return null;
    }

    public static IReadOnlyList<string> RoutesOf(IEnumerable<IncidentCommand> commands) =>
        [.. commands.Select(RouteOf).OfType<string>()];

    public static string StateName(IncidentState state) => state switch
    {
        IncidentState.New => "new",
        IncidentState.Acknowledged => "acknowledged",
        IncidentState.InProgress => "in-progress",
        IncidentState.OnHold => "on-hold",
        IncidentState.Resolved => "resolved",
        IncidentState.Closed => "closed",
        IncidentState.Cancelled => "cancelled",
        _ => state.ToString(),
    };

    public static bool TryParseState(string text, out IncidentState state)
    {
        foreach (var s in Enum.GetValues<IncidentState>())
        {
            if (string.Equals(StateName(s), text, StringComparison.OrdinalIgnoreCase) || string.Equals(s.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                state = s;
                return true;
            }
        }

        state = default;
        return false;
    }

    public static bool TryParsePriority(string text, out Priority priority)
    {
        var digits = text.StartsWith('P') || text.StartsWith('p') ? text[1..] : text;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 99)
        {
            priority = new Priority(level);
            return true;
        }

        priority = default;
        return false;
    }

    public static string ETagOf(long version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    // Accepts "5", W/"5" and 5; anything else is not a version this API issued.
    public static bool TryParseETag(string text, [NotNullWhen(true)] out long? version)
    {
        var t = text.Trim();
        if (t.StartsWith("W/", StringComparison.Ordinal))
        {
            t = t[2..];
        }

        t = t.Trim('"');
        if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v))
        {
            version = v;
            return true;
        }

        version = null;
        return false;
    }

    public static string CamelCase(string name) =>
        string.IsNullOrEmpty(name) || char.IsLower(name[0]) ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
