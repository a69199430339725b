namespace IncidentKit.Notifications;

/// <summary>Lists how an <see cref="SmtpEmailChannel"/> secures its connection.</summary>
public enum SmtpSecurity
{
    /// <summary>Upgrade with STARTTLS and fail if the server does not offer it (submission on port 587).</summary>
    StartTls = 0,

    /// <summary>Connect over TLS from the start (SMTPS on port 465).</summary>
    SslOnConnect = 1,

    /// <summary>Upgrade with STARTTLS when the server offers it, else send in clear text.</summary>
    StartTlsWhenAvailable = 2,

    /// <summary>Send in clear text; only for a relay on the same host or a local test sink.</summary>
    None = 3,
}
