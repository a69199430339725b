namespace IncidentKit.Notifications;

/// <summary>Configures a <see cref="WebhookChannel"/>.</summary>
/// <threadsafety>This type is mutable and not thread-safe; do not change an instance after handing it to a channel.</threadsafety>
public sealed class WebhookChannelOptions
{
    /// <summary>Gets or sets the absolute URL the JSON is posted to.</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the secret shared with the receiver, used to sign each body (<see cref="WebhookSignature"/>).</summary>
    /// <value>The default value is <see langword="null"/>; it is required, at least 16 characters.</value>
    public string? Secret { get; set; }

    /// <summary>Gets or sets the channel's name, which messages refer to.</summary>
    /// <value>The default value is <c>webhook</c>.</value>
    public string Name { get; set; } = "webhook";

    /// <summary>Gets or sets whether the receiver drops repeated <c>Idempotency-Key</c>s, as <see cref="WebhookSignature"/> asks receivers to.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ReceiverHonoursIdempotencyKeys { get; set; } = true;

    internal List<string> Validate()
    {
        var problems = new List<string>();
        if (Endpoint is not { IsAbsoluteUri: true } || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"{nameof(Endpoint)} must be an absolute http(s) URL.");
        }

        if (Secret is null || Secret.Length < 16)
        {
            problems.Add($"{nameof(Secret)} must have at least 16 characters.");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add($"{nameof(Name)} must not be empty.");
        }

        return problems;
    }
}
