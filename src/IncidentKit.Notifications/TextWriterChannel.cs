using System.Globalization;
using Ardalis.GuardClauses;
using IncidentKit.Communication;
using NodaTime.Text;

namespace IncidentKit.Notifications;

/// <summary>Writes notifications as readable text to a <see cref="TextWriter"/> the host passes (the console in samples, a log file, a test's buffer).</summary>
/// <remarks>Each message is a header line (<c>[channel] → recipients · P1 · kind</c>), the subject, the body and a blank line.
/// The channel never disposes the writer.</remarks>
/// <threadsafety>All members are thread-safe; writes are serialised (and synchronous: a text writer is local).</threadsafety>
public sealed class TextWriterChannel : INotificationChannel
{
    private readonly TextWriter _writer;
    private readonly Lock _lock = new();

    /// <summary>Initializes the channel.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="name">The channel's name; <see langword="null"/> takes <c>console</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public TextWriterChannel(TextWriter writer, string? name = null)
    {
        _writer = Guard.Against.Null(writer);
        Name = name is null ? "console" : Guard.Against.NullOrWhiteSpace(name);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public bool HonoursIdempotencyKeys => false;

    /// <inheritdoc/>
    public ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(message);
        var to = message.Recipients.Count == 0 ? "(channel)" : string.Join(", ", message.Recipients);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"[{Name}] {InstantPattern.General.Format(message.CreatedAt)} → {to} · {message.Priority} · {message.EventKind}\n{message.Subject}\n{message.Body}\n");
        cancellationToken.ThrowIfCancellationRequested();

        // Writers such as the console are not safe for concurrent use, and a message's lines belong together.
        lock (_lock)
        {
            _writer.WriteLine(text);
            _writer.Flush();
        }

        return ValueTask.FromResult(DeliveryResult.Delivered());
    }
}
