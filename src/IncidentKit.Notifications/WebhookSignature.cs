using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ardalis.GuardClauses;

namespace IncidentKit.Notifications;

/// <summary>Signs webhook bodies and lets a receiver check them: HMAC-SHA256 of the exact body bytes with a shared secret.</summary>
/// <remarks>
/// <para>Every request of <see cref="WebhookChannel"/> carries:</para>
/// <list type="bullet">
/// <item><c>X-IncidentKit-Signature: sha256=&lt;hex&gt;</c>, the lowercase hex HMAC-SHA256 of the raw body with the shared secret (UTF-8);</item>
/// <item><c>X-IncidentKit-Timestamp: &lt;unix seconds&gt;</c>, the send time, which is also the body's <c>timestamp</c> field and so is signed;</item>
/// <item><c>Idempotency-Key: &lt;key&gt;</c>, also the body's <c>idempotencyKey</c> field.</item>
/// </list>
/// <para>A receiver verifies in this order (<see cref="Verify"/> does steps 1 to 3): (1) compute the HMAC of the raw body bytes
/// as received, before any JSON parsing, and compare it with the header in constant time; (2) check that the timestamp header
/// equals the body's <c>timestamp</c>; (3) reject a timestamp more than a few minutes from its own clock (a captured request
/// replayed later fails here); (4) drop a request whose <c>Idempotency-Key</c> it has processed already (a replay within the
/// window, or a re-send after a crash, fails here) and answer it with 2xx so that the sender stops; a
/// <see cref="WebhookReplayGuard"/> with the same tolerance does step 4, keyed by the body's signed <c>idempotencyKey</c>.
/// Parse the body only after <see cref="Verify"/> has accepted it.</para>
/// <para>The tolerance is bounded by <see cref="MaxTolerance"/> (15 minutes), so freshness can never be turned off; a replay
/// guard then only needs to remember keys for twice the tolerance.</para>
/// <para>Rotate the secret by accepting both the old and the new one for a while.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string SignatureHeader = "X-IncidentKit-Signature";

    /// <summary>The header that carries the send time in Unix seconds.</summary>
    public const string TimestampHeader = "X-IncidentKit-Timestamp";

    /// <summary>The header that carries the message's idempotency key.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Gets the largest tolerance <see cref="Verify"/> accepts: 15 minutes.</summary>
    public static TimeSpan MaxTolerance { get; } = TimeSpan.FromMinutes(15);

    /// <summary>Returns the signature header value for a body: <c>sha256=</c> and the lowercase hex HMAC-SHA256.</summary>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="secret">The shared secret.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    public static string Compute(ReadOnlySpan<byte> body, string secret)
    {
        Guard.Against.NullOrEmpty(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Checks a received webhook: signature, timestamp header against the signed body, and the timestamp's age.</summary>
    /// <param name="body">The raw body bytes as received.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="signatureHeader">The <see cref="SignatureHeader"/> value, if present.</param>
    /// <param name="timestampHeader">The <see cref="TimestampHeader"/> value, if present.</param>
    /// <param name="now">The receiver's current time.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>: zero to <see cref="MaxTolerance"/> (15
    /// minutes), e.g. 5 minutes.</param>
    /// <returns><see langword="true"/> when the request is authentic and fresh; the receiver still drops repeated idempotency keys
    /// (<see cref="WebhookReplayGuard"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is negative or longer than <see cref="MaxTolerance"/>.</exception>
    public static bool Verify(ReadOnlySpan<byte> body, string secret, string? signatureHeader, string? timestampHeader, DateTimeOffset now, TimeSpan tolerance)
    {
        CheckTolerance(tolerance);
        var expected = Encoding.ASCII.GetBytes(Compute(body, secret));
        if (signatureHeader is null || !CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signatureHeader)))
        {
            return false;
        }

        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (!document.RootElement.TryGetProperty("timestamp", out var signed) || !signed.TryGetInt64(out var signedSeconds) || signedSeconds != seconds)
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return age.Duration() <= tolerance;
    }

    internal static void CheckTolerance(TimeSpan tolerance, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(tolerance))] string? parameterName = null)
    {
        if (tolerance < TimeSpan.Zero || tolerance > MaxTolerance)
        {
            throw new ArgumentOutOfRangeException(parameterName, tolerance,
                $"Expected a tolerance from zero to {MaxTolerance.TotalMinutes} minutes: a longer one would let a captured request be replayed for that long.");
        }
    }
}
