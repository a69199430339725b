using System.Text.Json.Serialization;
using Ardalis.GuardClauses;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.Communication;

/// <summary>Represents one notification bound for one channel: who, what, about which incident, and the key that makes repeats harmless.</summary>
/// <remarks>
/// <para>Messages are written to an outbox in the same transaction as the event that caused them and sent later, at least
/// once, by a dispatcher. <see cref="IdempotencyKey"/> is derived from the cause (event, channel, recipient), so composing the
/// same event twice yields the same key and the dispatcher sends it once.</para>
/// <para>A bundle (<see cref="EventKind"/> <see cref="NotificationEventKinds.Bundle"/>) lists the messages it stands for in
/// <see cref="Bundled"/>; its <see cref="Incident"/> is <see langword="null"/> when they concern several incidents.</para>
/// <para>Serialise it with <see cref="NotificationMessageSerializer"/>.</para>
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class NotificationMessage
{
    /// <summary>The longest idempotency key, in characters (the storage outbox's limit).</summary>
    public const int MaxKeyLength = 200;

    /// <summary>The longest subject, in characters.</summary>
    public const int MaxSubjectLength = 500;

    /// <summary>The longest body, in characters.</summary>
    public const int MaxBodyLength = 100_000;

    /// <summary>Initializes a message.</summary>
    /// <param name="channel">The name of the channel that sends it.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="incident">The incident it is about, or <see langword="null"/> for a bundle across incidents.</param>
    /// <param name="eventKind">What caused it: an event's discriminator (e.g. <c>sla-breached</c>) or one of <see cref="NotificationEventKinds"/>.</param>
    /// <param name="recipients">Who it is for; may be empty for channels with a fixed destination (a chat room's webhook).</param>
    /// <param name="subject">The one-line subject.</param>
    /// <param name="body">The text.</param>
    /// <param name="link">A link to the incident, if any.</param>
    /// <param name="priority">The incident's priority (for a bundle, the most pressing one).</param>
    /// <param name="idempotencyKey">The key that identifies this message across repeats, at most <see cref="MaxKeyLength"/> characters.</param>
    /// <param name="createdAt">When it was composed.</param>
    /// <param name="bundled">The messages a bundle stands for; <see langword="null"/> or empty otherwise.</param>
    /// <exception cref="ArgumentException">A text is empty or too long, the tenant or priority is unset, or a recipient is unset.</exception>
    public NotificationMessage(string channel, TenantId tenant, IncidentId? incident, string eventKind, IReadOnlyList<Recipient> recipients,
        string subject, string body, Uri? link, Priority priority, string idempotencyKey, Instant createdAt,
        IReadOnlyList<NotificationMessage>? bundled = null)
    {
        Guard.Against.NullOrWhiteSpace(channel);
        Guard.Against.NullOrWhiteSpace(eventKind);
        Guard.Against.Null(recipients);
        Guard.Against.Null(subject);
        Guard.Against.Null(body);
        Guard.Against.NullOrWhiteSpace(idempotencyKey);
        Guard.Against.OutOfRange(idempotencyKey.Length, nameof(idempotencyKey), 1, MaxKeyLength, $"An idempotency key has at most {MaxKeyLength} characters.");
        Guard.Against.OutOfRange(subject.Length, nameof(subject), 0, MaxSubjectLength, $"A subject has at most {MaxSubjectLength} characters.");
        Guard.Against.OutOfRange(body.Length, nameof(body), 0, MaxBodyLength, $"A body has at most {MaxBodyLength} characters.");
        if (tenant.Value is null)
        {
            throw new ArgumentException("Expected a tenant that was set.", nameof(tenant));
        }

        if (priority.Level == 0)
        {
            throw new ArgumentException("Expected a priority that was set.", nameof(priority));
        }

        if (recipients.Any(r => r.Value is null))
        {
            throw new ArgumentException("Every recipient must be set.", nameof(recipients));
        }

        Channel = channel;
        Tenant = tenant;
        Incident = incident;
        EventKind = eventKind;
        Recipients = [.. recipients];
        Subject = subject;
        Body = body;
        Link = link;
        Priority = priority;
        IdempotencyKey = idempotencyKey;
        CreatedAt = createdAt;
        Bundled = bundled is null ? [] : [.. bundled];
    }

    /// <summary>Gets the name of the channel that sends it.</summary>
    public string Channel { get; }

    /// <summary>Gets the tenant.</summary>
    public TenantId Tenant { get; }

    /// <summary>Gets the incident it is about, or <see langword="null"/> for a bundle across incidents.</summary>
    public IncidentId? Incident { get; }

    /// <summary>Gets what caused it: an event's discriminator or one of <see cref="NotificationEventKinds"/>.</summary>
    public string EventKind { get; }

    /// <summary>Gets who it is for; empty for channels with a fixed destination.</summary>
    public IReadOnlyList<Recipient> Recipients { get; }

    /// <summary>Gets the one-line subject.</summary>
    public string Subject { get; }

    /// <summary>Gets the text.</summary>
    public string Body { get; }

    /// <summary>Gets the link to the incident, if any.</summary>
    public Uri? Link { get; }

    /// <summary>Gets the incident's priority (for a bundle, the most pressing one).</summary>
    public Priority Priority { get; }

    /// <summary>Gets the key that identifies this message across repeats.</summary>
    public string IdempotencyKey { get; }

    /// <summary>Gets when it was composed.</summary>
    public Instant CreatedAt { get; }

    /// <summary>Gets the messages a bundle stands for, oldest first; empty for an ordinary message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public IReadOnlyList<NotificationMessage> Bundled { get; }

    /// <summary>Gets whether the incident the message is about is an exercise, as known when the message was planned.</summary>
    /// <value>The default value is <see langword="null"/>: not known (a message planned before the flag existed, or composed
    /// about no incident). <see cref="NotificationComposer"/> sets it from <see cref="Incidents.Incident.IsExercise"/>, which
    /// never changes after the opening, so a send check can tell a real incident's message from an exercise's without
    /// loading the incident.</value>
    public bool? IsExercise { get; init; }

    /// <summary>Gets whether this message stands for several others.</summary>
    [JsonIgnore]
    public bool IsBundle => Bundled.Count > 0;

    /// <summary>Returns the channel, key and subject, e.g. for logs.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"{Channel} {IdempotencyKey}: {Subject}";
}
