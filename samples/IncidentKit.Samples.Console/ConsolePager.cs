using IncidentKit.Communication;

namespace IncidentKit.Samples.Console;

/// <summary>A one-line-per-message channel for the story; the shipped <c>TextWriterChannel</c> prints whole messages.</summary>
internal sealed class ConsolePager(TextWriter output) : INotificationChannel
{
    public string Name => "console";

    public bool HonoursIdempotencyKeys => false;

    public ValueTask<DeliveryResult> SendAsync(NotificationMessage message, CancellationToken cancellationToken = default)
    {
        output.WriteLine($"    ↳ console → {string.Join(", ", message.Recipients.Select(r => r.Value))}: {message.Subject}");
        return ValueTask.FromResult(DeliveryResult.Delivered());
    }
}
