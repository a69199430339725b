using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Text;
using Ardalis.GuardClauses;
using IncidentKit.Communication;

namespace IncidentKit.Notifications;

/// <summary>Sends notifications as text messages through an SMS gateway that speaks Twilio's <c>Messages</c> resource: one
/// form-encoded <c>POST …/Accounts/{sid}/Messages.json</c> with <c>To</c>, <c>From</c> and <c>Body</c> per phone number, Basic auth.</summary>
/// <remarks>
/// <para>The text is the subject and the link, cut to <see cref="SmsChannelOptions.MaxLength"/>. Each number gets at most
/// <see cref="SmsChannelOptions.MaxPerNumberPerWindow"/> texts per window; a text over the limit is a transient failure, so the
/// dispatcher sends it once the window has room. A recipient without a number is skipped; a message with no number at all is a
/// permanent failure. The idempotency key travels as <c>I-Twilio-Idempotency-Token</c> (per number).</para>
/// <para>2xx is delivered; 408, 425, 429, 5xx, timeouts and connection failures are transient; other answers are permanent. With
/// several numbers the worst outcome wins, and numbers already sent in this call are not sent again on a retry of the same key.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public sealed class SmsChannel : INotificationChannel
{
    private readonly HttpClient _client;
    private readonly SmsChannelOptions _options;
    private readonly Uri _endpoint;
    private readonly AuthenticationHeaderValue _auth;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.Ordinal);
    private readonly HashSet<(string Key, string Number)> _delivered = [];

    /// <summary>Initializes the channel.</summary>
    /// <param name="client">The HTTP client to post with (from <c>IHttpClientFactory</c>; never disposed here).</param>
    /// <param name="options">The gateway, sender, numbers and throttle.</param>
    /// <param name="timeProvider">The clock for the throttle; <see langword="null"/> takes <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The options are invalid; every problem is listed.</exception>
    public SmsChannel(HttpClient client, SmsChannelOptions options, TimeProvider? timeProvider = null)
    {
        _client = Guard.Against.Null(client);
        Guard.Against.Null(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException("SMS channel options", problems);
        }

        _options = options;
        _endpoint = new Uri(options.BaseAddress, $"/2010-04-01/Accounts/{options.AccountSid}/Messages.json");
        _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}")));
        _time = timeProvider ?? TimeProvider.System;
        Name = options.Name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool HonoursIdempotencyKeys => true;

    /// <summary>Returns whether a text is an E.164 phone number: a plus and 8 to 15 digits.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsE164([NotNullWhen(true)] string? text) =>
        text is { Length: >= 9 and <= 16 } && text[0] == '+' && text[1] != '0' && text.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    /// <inheritdoc/>
    public async ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(message);
        var numbers = message.Recipients.Select(_options.PhoneNumberOf).Where(IsE164).Select(n => n!).Distinct(StringComparer.Ordinal).ToList();
        if (numbers.Count == 0)
        {
            return DeliveryResult.Permanent("No recipient of this message has a phone number.");
        }

        var text = TextOf(message);
        DeliveryResult? worst = null;
        foreach (var number in numbers)
        {
            lock (_gate)
            {
                if (_delivered.Contains((message.IdempotencyKey, number)))
                {
                    continue;
                }
            }

            var result = TryTakeSlot(number)
                ? await PostAsync(number, text, message.IdempotencyKey, cancellationToken).ConfigureAwait(false)
                : DeliveryResult.Transient($"Throttled: {number} had {_options.MaxPerNumberPerWindow} texts in the last {_options.ThrottleWindow}.");
            if (result.Outcome == DeliveryOutcome.Delivered)
            {
                lock (_gate)
                {
                    _delivered.Add((message.IdempotencyKey, number));
                }
            }

            worst = worst is null || Rank(result.Outcome) > Rank(worst.Value.Outcome) ? result : worst;
        }

        return worst ?? DeliveryResult.Delivered("Every number had it already.");
    }

    internal string TextOf(NotificationMessage message)
    {
        var text = message.Link is { } link ? $"{message.Subject} {link}" : message.Subject;
        return text.Length <= _options.MaxLength ? text : string.Concat(text.AsSpan(0, _options.MaxLength - 1), "…");
    }

    private static int Rank(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Delivered => 0,
        DeliveryOutcome.TransientFailure => 1,
        _ => 2,
    };

    private bool TryTakeSlot(string number)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_sent.TryGetValue(number, out var times))
            {
                _sent[number] = times = new Queue<DateTimeOffset>();
            }

            while (times.Count > 0 && now - times.Peek() >= _options.ThrottleWindow)
            {
                times.Dequeue();
            }

            if (times.Count >= _options.MaxPerNumberPerWindow)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }

    private async ValueTask<DeliveryResult> PostAsync(string number, string text, string key, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Headers.Authorization = _auth;
        request.Headers.Add("I-Twilio-Idempotency-Token", $"{key}:{number}");
        request.Content = new FormUrlEncodedContent([new("To", number), new("From", _options.From!), new("Body", text)]);
        return await HttpDelivery.SendAsync(_client, request, cancellationToken).ConfigureAwait(false);
    }
}
