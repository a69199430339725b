using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Ardalis.GuardClauses;
using IncidentKit.Communication;

namespace IncidentKit.Notifications;

/// <summary>Posts notifications to a chat room through its incoming webhook, Slack-style: <c>{"text": …, "blocks": […]}</c>.</summary>
/// <remarks>
/// <para>The payload's <c>text</c> (subject, body and link, with <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c> escaped as Slack asks) is
/// what every incoming webhook reads, Slack and Microsoft Teams alike, and what notifications show. With
/// <see cref="ChatWebhookChannelOptions.IncludeBlocks"/> Slack also gets Block Kit blocks: a header with the subject, a section
/// with the body (or one per bundled message), a context line with priority, event and incident, and an "Open incident"
/// button when the message has a link.</para>
/// <para>Chat webhooks do not deduplicate, so <see cref="HonoursIdempotencyKeys"/> is <see langword="false"/>; the dispatcher's
/// deduplication store still keeps repeats out except after a crash mid-send. The message's recipients are ignored: the
/// webhook URL decides the room.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class ChatWebhookChannel : INotificationChannel
{
    private const int MaxHeaderLength = 150;
    private const int MaxSectionLength = 3000;
    private readonly HttpClient _client;
    private readonly Uri _endpoint;
    private readonly bool _includeBlocks;
    private readonly int _maxListedItems;

    /// <summary>Initializes the channel.</summary>
    /// <param name="client">The HTTP client to post with.</param>
    /// <param name="options">The webhook URL and name.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid; every problem is listed.</exception>
    public ChatWebhookChannel(HttpClient client, ChatWebhookChannelOptions options)
    {
        _client = Guard.Against.Null(client);
        Guard.Against.Null(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException("chat webhook channel options", problems);
        }

        _endpoint = options.Endpoint!;
        _includeBlocks = options.IncludeBlocks;
        _maxListedItems = options.MaxListedItems;
        Name = options.Name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool HonoursIdempotencyKeys => false;

    /// <inheritdoc/>
    public async ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(message);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Content = new ByteArrayContent(Payload(message));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return await HttpDelivery.SendAsync(_client, request, cancellationToken).ConfigureAwait(false);
    }

    internal byte[] Payload(NotificationMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            var text = $"*{Escape(message.Subject)}*\n{Escape(message.Body)}";
            writer.WriteString("text", Truncate(text, 40_000));
            if (_includeBlocks)
            {
                writer.WriteStartArray("blocks");
                WriteTextBlock(writer, "header", "plain_text", Truncate(message.Subject, MaxHeaderLength));
                if (message.IsBundle)
                {
                    foreach (var item in message.Bundled.Take(_maxListedItems))
                    {
                        WriteTextBlock(writer, "section", "mrkdwn", Truncate(Line(item), MaxSectionLength));
                    }

                    if (message.Bundled.Count > _maxListedItems)
                    {
                        WriteTextBlock(writer, "section", "mrkdwn",
                            string.Create(CultureInfo.InvariantCulture, $"…and {message.Bundled.Count - _maxListedItems} more."));
                    }
                }
                else
                {
                    WriteTextBlock(writer, "section", "mrkdwn", Truncate(Escape(message.Body), MaxSectionLength));
                }

                writer.WriteStartObject();
                writer.WriteString("type", "context");
                writer.WriteStartArray("elements");
                writer.WriteStartObject();
                writer.WriteString("type", "mrkdwn");
                var incident = message.Incident is { } id ? $" · *Incident* {id}" : string.Empty;
                writer.WriteString("text", $"*Priority* {message.Priority} · *Event* {message.EventKind}{incident}");
                writer.WriteEndObject();
                writer.WriteEndArray();
                writer.WriteEndObject();

                if (message.Link is not null)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", "actions");
                    writer.WriteStartArray("elements");
                    writer.WriteStartObject();
                    writer.WriteString("type", "button");
                    writer.WriteStartObject("text");
                    writer.WriteString("type", "plain_text");
                    writer.WriteString("text", "Open incident");
                    writer.WriteEndObject();
                    writer.WriteString("url", message.Link.ToString());
                    writer.WriteEndObject();
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Line(NotificationMessage item) =>
        item.Link is null ? $"• {Escape(item.Subject)}" : $"• <{item.Link}|{Escape(item.Subject)}>";

    private static void WriteTextBlock(Utf8JsonWriter writer, string type, string textType, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteStartObject("text");
        writer.WriteString("type", textType);
        writer.WriteString("text", text.Length == 0 ? " " : text);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // Slack reads &, < and > as markup; these three are the only characters it asks senders to escape.
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
