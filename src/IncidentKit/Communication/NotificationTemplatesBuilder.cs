using Ardalis.GuardClauses;

namespace IncidentKit.Communication;

/// <summary>Assembles <see cref="NotificationTemplates"/>; <see cref="Build"/> checks every template at once.</summary>
/// <threadsafety>This type is mutable and not thread-safe; the templates it builds are.</threadsafety>
public sealed class NotificationTemplatesBuilder
{
    private readonly Dictionary<(string Kind, string Channel), NotificationTemplate> _templates;
    private readonly List<string> _problems = [];

    /// <summary>Initializes a builder that starts from <see cref="NotificationTemplates.Default"/>.</summary>
    public NotificationTemplatesBuilder()
        : this(NotificationTemplates.Default.ToBuilder()._templates)
    {
    }

    internal NotificationTemplatesBuilder(IEnumerable<KeyValuePair<(string Kind, string Channel), NotificationTemplate>> templates) =>
        _templates = new(templates);

    /// <summary>Sets the template for a kind on a channel.</summary>
    /// <param name="eventKind">The kind (e.g. <c>sla-breached</c>), or <see cref="NotificationTemplates.AnyKind"/> for the fallback.</param>
    /// <param name="channel">The channel's name, or <see cref="NotificationTemplates.AnyChannel"/> for every channel.</param>
    /// <param name="subject">The subject template.</param>
    /// <param name="body">The body template.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">A name is empty or white space.</exception>
    /// <remarks>An unknown kind or a bad placeholder is reported by <see cref="Build"/>, together with every other problem.</remarks>
    public NotificationTemplatesBuilder Set(string eventKind, string channel, string subject, string body)
    {
        Guard.Against.NullOrWhiteSpace(eventKind);
        Guard.Against.NullOrWhiteSpace(channel);
        if (eventKind != NotificationTemplates.AnyKind && !NotificationEventKinds.IsKnown(eventKind))
        {
            _problems.Add($"'{eventKind}' is not a known event kind.");
        }

        try
        {
            _templates[(eventKind, channel)] = new NotificationTemplate(subject, body);
        }
        catch (ArgumentException ex)
        {
            _problems.Add($"The template for {eventKind} on {channel}: {ex.Message}");
        }

        return this;
    }

    /// <summary>Freezes the templates.</summary>
    /// <returns>The immutable templates.</returns>
    /// <exception cref="ConfigurationValidationException">A kind is unknown or a template is malformed; every problem is listed.</exception>
    public NotificationTemplates Build() => _problems.Count > 0
        ? throw new ConfigurationValidationException("notification templates", [.. _problems])
        : new NotificationTemplates(_templates);
}
