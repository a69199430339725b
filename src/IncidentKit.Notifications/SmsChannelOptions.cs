using IncidentKit.Communication;

namespace IncidentKit.Notifications;

/// <summary>Configures an <see cref="SmsChannel"/>: the gateway (Twilio's <c>Messages</c> resource shape), the sender, how recipients
/// map to phone numbers, the text length and the per-number throttle.</summary>
/// <threadsafety>This type is mutable and not thread-safe; do not change an instance after handing it to a channel.</threadsafety>
public sealed class SmsChannelOptions
{
    /// <summary>Gets or sets the gateway's base address; messages are posted to <c>{BaseAddress}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>.</summary>
    /// <value>The default value is <c>https://api.twilio.com</c>.</value>
    public Uri BaseAddress { get; set; } = new("https://api.twilio.com");

    /// <summary>Gets or sets the account id (the Basic-auth user).</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public string? AccountSid { get; set; }

    /// <summary>Gets or sets the auth token (the Basic-auth password).</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public string? AuthToken { get; set; }

    /// <summary>Gets or sets the sending number in E.164 form (e.g. <c>+441234567890</c>).</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public string? From { get; set; }

    /// <summary>Gets or sets how a recipient is reached: returns an E.164 number, or <see langword="null"/> when the recipient has none.</summary>
    /// <value>The default value accepts only address recipients that are E.164 numbers.</value>
    public Func<Recipient, string?> PhoneNumberOf { get; set; } = static r => r.Kind == RecipientKind.Address && SmsChannel.IsE164(r.Value) ? r.Value : null;

    /// <summary>Gets or sets the longest text sent; longer texts are cut with an ellipsis.</summary>
    /// <value>The default value is 320 (two segments); allowed are 70 to 1600.</value>
    public int MaxLength { get; set; } = 320;

    /// <summary>Gets or sets how many texts one number receives at most per <see cref="ThrottleWindow"/>; more are refused as transient, so the dispatcher retries later.</summary>
    /// <value>The default value is 5; allowed are 1 to 1000.</value>
    public int MaxPerNumberPerWindow { get; set; } = 5;

    /// <summary>Gets or sets the throttle window.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan ThrottleWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the channel's name, which messages refer to.</summary>
    /// <value>The default value is <c>sms</c>.</value>
    public string Name { get; set; } = "sms";

    internal List<string> Validate()
    {
        var problems = new List<string>();
        if (BaseAddress is not { IsAbsoluteUri: true } || (BaseAddress.Scheme != Uri.UriSchemeHttps && BaseAddress.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"{nameof(BaseAddress)} must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(AccountSid) || AccountSid.Any(c => !char.IsAsciiLetterOrDigit(c)))
        {
            problems.Add($"{nameof(AccountSid)} is required: letters and digits.");
        }

        if (string.IsNullOrWhiteSpace(AuthToken))
        {
            problems.Add($"{nameof(AuthToken)} is required.");
        }

        if (!SmsChannel.IsE164(From))
        {
            problems.Add($"{nameof(From)} must be an E.164 number such as +441234567890.");
        }

        if (PhoneNumberOf is null)
        {
            problems.Add($"{nameof(PhoneNumberOf)} is required.");
        }

        if (MaxLength is < 70 or > 1600)
        {
            problems.Add($"{nameof(MaxLength)} must be 70 to 1600.");
        }

        if (MaxPerNumberPerWindow is < 1 or > 1000)
        {
            problems.Add($"{nameof(MaxPerNumberPerWindow)} must be 1 to 1000.");
        }

        if (ThrottleWindow <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(ThrottleWindow)} must be positive.");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add($"{nameof(Name)} must not be empty.");
        }

        return problems;
    }
}
