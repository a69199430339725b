using IncidentKit.Communication;

namespace IncidentKit.Notifications;

/// <summary>Configures an <see cref="SmtpEmailChannel"/>: server, security, credentials, sender and how recipients become addresses.</summary>
/// <threadsafety>This type is mutable and not thread-safe; do not change an instance after handing it to a channel.</threadsafety>
public sealed class SmtpEmailChannelOptions
{
    /// <summary>Gets or sets the SMTP server's host name.</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public string? Host { get; set; }

    /// <summary>Gets or sets the server's port.</summary>
    /// <value>The default value is 587 (submission with STARTTLS).</value>
    public int Port { get; set; } = 587;

    /// <summary>Gets or sets how the connection is secured.</summary>
    /// <value>The default value is <see cref="SmtpSecurity.StartTls"/>.</value>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Gets or sets the user name to authenticate with, if the server requires it.</summary>
    /// <value>The default value is <see langword="null"/>: no authentication.</value>
    public string? UserName { get; set; }

    /// <summary>Gets or sets the password for <see cref="UserName"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Password { get; set; }

    /// <summary>Gets or sets the sender's address.</summary>
    /// <value>The default value is <see langword="null"/>; it is required.</value>
    public string? FromAddress { get; set; }

    /// <summary>Gets or sets the sender's display name.</summary>
    /// <value>The default value is <c>IncidentKit</c>.</value>
    public string FromName { get; set; } = "IncidentKit";

    /// <summary>Gets or sets the channel's name, which messages refer to.</summary>
    /// <value>The default value is <c>email</c>.</value>
    public string Name { get; set; } = "email";

    /// <summary>Gets or sets how long one connection, authentication or send may take.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how a recipient becomes an e-mail address; <see langword="null"/> for none (the recipient is skipped).</summary>
    /// <value>The default value uses <see cref="RecipientKind.Address"/> recipients as they are, and users and groups whose
    /// name is an address (contains <c>@</c>); look people up in a directory by replacing it.</value>
    public Func<Recipient, string?> ResolveAddress { get; set; } = DefaultResolveAddress;

    internal static string? DefaultResolveAddress(Recipient recipient) =>
        recipient.Kind == RecipientKind.Address || recipient.Value.Contains('@', StringComparison.Ordinal) ? recipient.Value : null;

    internal List<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            problems.Add($"{nameof(Host)} must not be empty.");
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"{nameof(Port)} must be between 1 and 65535, not {Port}.");
        }

        if (!Enum.IsDefined(Security))
        {
            problems.Add($"{nameof(Security)} {(int)Security} is not defined.");
        }

        if (UserName is not null && Password is null)
        {
            problems.Add($"{nameof(Password)} is required with a {nameof(UserName)}.");
        }

        if (string.IsNullOrWhiteSpace(FromAddress) || !MimeKit.MailboxAddress.TryParse(FromAddress, out _))
        {
            problems.Add($"{nameof(FromAddress)} must be an e-mail address.");
        }

        if (string.IsNullOrWhiteSpace(Name))
        {
            problems.Add($"{nameof(Name)} must not be empty.");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            problems.Add($"{nameof(Timeout)} must be positive and at most 10 minutes, not {Timeout}.");
        }

        if (ResolveAddress is null)
        {
            problems.Add($"{nameof(ResolveAddress)} must be set.");
        }

        return problems;
    }
}
