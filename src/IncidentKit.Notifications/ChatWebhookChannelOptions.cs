namespace IncidentKit.Notifications;

/// <summary>Configures a <see cref="ChatWebhookChannel"/>.</summary>
/// <threadsafety>This type is mutable and not thread-safe; do not change an instance after handing it to a channel.</threadsafety>
public sealed class ChatWebhookChannelOptions
{
    /// <summary>Gets or sets the chat's incoming-webhook URL (it is the credential: keep it secret).</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets the channel's name, which messages refer to.</summary>
    /// <value>The default value is <c>chat</c>.</value>
    public string Name { get; set; } = "chat";

    /// <summary>Gets or sets whether Slack Block Kit <c>blocks</c> are sent besides the <c>text</c>; turn off for chats that want <c>text</c> only.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool IncludeBlocks { get; set; } = true;

    /// <summary>Gets or sets the most bundled messages listed one by one; the rest are counted.</summary>
    /// <value>The default value is 20 (Slack allows 50 blocks per message).</value>
    public int MaxListedItems { get; set; } = 20;

    internal List<string> Validate()
    {
        var problems = new List<string>();
        if (Endpoint is not { IsAbsoluteUri: true } || (Endpoint.Scheme != Uri.UriSchemeHttps && Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"{nameof(Endpoint)} must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add($"{nameof(Name)} must not be empty.");
        }

        if (MaxListedItems is < 1 or > 40)
        {
            problems.Add($"{nameof(MaxListedItems)} must be between 1 and 40, not {MaxListedItems}.");
        }

        return problems;
    }
}
