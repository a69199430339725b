using System.Collections.Frozen;
using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Assembles a <see cref="CommunicationPlan"/>; <see cref="Build"/> validates it once and lists every problem.</summary>
/// <threadsafety>This type is mutable and not thread-safe; the plans it builds are.</threadsafety>
public sealed class CommunicationPlanBuilder
{
    private readonly string _name;
    private readonly HashSet<string> _notifyOn = new(StringComparer.Ordinal);
    private readonly List<string> _channels = [];
    private readonly List<Recipient> _executives = [];
    private Duration? _statusUpdateEvery;
    private Duration _remindBefore = Duration.FromMinutes(5);
    private Duration? _executiveSummaryEvery;
    private bool _notifyOwner = true;
    private MessageLocale? _locale;

    /// <summary>Initializes a builder for a plan that notifies on nothing, on the <c>email</c> channel, with no cadence.</summary>
    /// <param name="name">The plan's name, e.g. <c>critical</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public CommunicationPlanBuilder(string name) => _name = Guard.Against.NullOrWhiteSpace(name);

    /// <summary>Adds event kinds that notify subscribers.</summary>
    /// <param name="eventKinds">Kinds from <see cref="NotificationEventKinds"/>, e.g. <c>sla-breached</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="eventKinds"/> is null.</exception>
    public CommunicationPlanBuilder NotifyOn(params string[] eventKinds)
    {
        Guard.Against.Null(eventKinds);
        _notifyOn.UnionWith(eventKinds);
        return this;
    }

    /// <summary>Adds every state change (<see cref="NotificationEventKinds.StateChanges"/>) to the notifying kinds.</summary>
    /// <returns>This builder.</returns>
    public CommunicationPlanBuilder NotifyOnStateChanges()
    {
        _notifyOn.UnionWith(NotificationEventKinds.StateChanges);
        return this;
    }

    /// <summary>Replaces the channels used for recipients who did not choose their own.</summary>
    /// <param name="channels">Channel names, e.g. <c>email</c> and <c>chat</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="channels"/> is null.</exception>
    /// <remarks>The default value is <c>email</c>.</remarks>
    public CommunicationPlanBuilder UseChannels(params string[] channels)
    {
        Guard.Against.Null(channels);
        _channels.Clear();
        _channels.AddRange(channels);
        return this;
    }

    /// <summary>Sets the status update cadence and how long before each update the owner is reminded.</summary>
    /// <param name="every">The cadence, or <see langword="null"/> for no scheduled updates.</param>
    /// <param name="remindBefore">The reminder's lead; <see langword="null"/> keeps the current one (5 minutes by default).</param>
    /// <returns>This builder.</returns>
    public CommunicationPlanBuilder StatusUpdateEvery(Duration? every, Duration? remindBefore = null)
    {
        _statusUpdateEvery = every;
        _remindBefore = remindBefore ?? _remindBefore;
        return this;
    }

    /// <summary>Sets the executive summary cadence and its recipients.</summary>
    /// <param name="every">The cadence, or <see langword="null"/> for no summary.</param>
    /// <param name="recipients">Who receives it; required with a cadence.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recipients"/> is null.</exception>
    public CommunicationPlanBuilder ExecutiveSummaryEvery(Duration? every, params Recipient[] recipients)
    {
        Guard.Against.Null(recipients);
        _executiveSummaryEvery = every;
        _executives.Clear();
        _executives.AddRange(recipients);
        return this;
    }

    /// <summary>Sets whether the incident's assignee (or its assignment group) is told of every notifying event.</summary>
    /// <param name="notify">Whether to tell the owner.</param>
    /// <returns>This builder.</returns>
    /// <remarks>The default value is <see langword="true"/>.</remarks>
    public CommunicationPlanBuilder NotifyOwnerOfEvents(bool notify)
    {
        _notifyOwner = notify;
        return this;
    }

    /// <summary>Sets how the plan's messages show times (zone and culture) when their recipient has no locale of its own.</summary>
    /// <param name="locale">The locale; <see langword="null"/> leaves it to the composer (<see cref="NotificationComposer.DefaultLocale"/>).</param>
    /// <returns>This builder.</returns>
    public CommunicationPlanBuilder ShowTimesIn(MessageLocale? locale)
    {
        _locale = locale;
        return this;
    }

    /// <summary>Validates and freezes the plan.</summary>
    /// <returns>The immutable plan.</returns>
    /// <exception cref="ConfigurationValidationException">A kind is unknown, a channel name is empty, a cadence is not positive,
    /// the reminder lead is negative or not shorter than the cadence, or a summary cadence has no recipients; every problem is listed.</exception>
    public CommunicationPlan Build()
    {
        var problems = new List<string>();
        foreach (var kind in _notifyOn.Where(k => !NotificationEventKinds.IsKnown(k)).Order(StringComparer.Ordinal))
        {
            problems.Add($"'{kind}' is not a known event kind.");
        }

        var channels = _channels.Count == 0 ? ["email"] : _channels.Distinct(StringComparer.Ordinal).ToArray();
        if (channels.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("Channel names are not empty.");
        }

        if (_statusUpdateEvery is { } every)
        {
            if (every <= Duration.Zero)
            {
                problems.Add($"The status update cadence must be positive, not {every}.");
            }
            else if (_remindBefore >= every)
            {
                problems.Add($"The reminder lead ({_remindBefore}) must be shorter than the status update cadence ({every}).");
            }
        }

        if (_remindBefore < Duration.Zero)
        {
            problems.Add($"The reminder lead must be zero or more, not {_remindBefore}.");
        }

        if (_executiveSummaryEvery is { } summary)
        {
            if (summary <= Duration.Zero)
            {
                problems.Add($"The executive summary cadence must be positive, not {summary}.");
            }

            if (_executives.Count == 0)
            {
                problems.Add("An executive summary cadence needs at least one recipient.");
            }
        }

        if (_executives.Any(r => r.Value is null))
        {
            problems.Add("Executive recipients must be set.");
        }

        return problems.Count > 0
            ? throw new ConfigurationValidationException($"communication plan '{_name}'", problems)
            : new CommunicationPlan(_name, _notifyOn.ToFrozenSet(StringComparer.Ordinal), channels, _statusUpdateEvery, _remindBefore,
                _executiveSummaryEvery, [.. _executives.Distinct()], _notifyOwner) { Locale = _locale };
    }
}
