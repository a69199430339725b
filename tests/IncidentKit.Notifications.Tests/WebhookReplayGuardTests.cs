using System.Globalization;
using System.Text;
using IncidentKit.Notifications;
using Microsoft.Extensions.Time.Testing;

namespace IncidentKit.Notifications.Tests;

public sealed class WebhookReplayGuardTests
{
    private const string Secret = "s3cret-shared-with-the-receiver";
    private static readonly DateTimeOffset Now = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verify_ToleranceBeyondTheMaximum_Throws()
    {
        var (body, signature, timestamp) = Signed(Now);

        Assert.True(WebhookSignature.Verify(body, Secret, signature, timestamp, Now, WebhookSignature.MaxTolerance));
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => WebhookSignature.Verify(body, Secret, signature, timestamp, Now, TimeSpan.MaxValue));
        Assert.Equal("tolerance", tooLong.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookSignature.Verify(body, Secret, signature, timestamp, Now, TimeSpan.FromMinutes(-1)));
        Assert.Equal(TimeSpan.FromMinutes(15), WebhookSignature.MaxTolerance);
    }

    [Fact]
    public void TryAccept_SameKeyWithinTheWindow_RefusedOnceTheWindowPassedAcceptedAgain()
    {
        var time = new FakeTimeProvider(Now);
        var guard = new WebhookReplayGuard(TimeSpan.FromMinutes(5), time);

        Assert.True(guard.TryAccept("evt-1/webhook/group:status-page"));
        Assert.False(guard.TryAccept("evt-1/webhook/group:status-page"));
        Assert.True(guard.TryAccept("evt-2/webhook/group:status-page"));
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.False(guard.TryAccept("evt-1/webhook/group:status-page"));

        // Twice the tolerance later the request itself is stale, so the key can be forgotten.
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, guard.Count);
        Assert.True(guard.TryAccept("evt-1/webhook/group:status-page"));
    }

    [Fact]
    public void TryAccept_CapacityReached_ForgetsTheOldestFirst()
    {
        var time = new FakeTimeProvider(Now);
        var guard = new WebhookReplayGuard(TimeSpan.FromMinutes(5), time, capacity: 2);

        Assert.True(guard.TryAccept("a"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(guard.TryAccept("b"));
        Assert.True(guard.TryAccept("c"));

        Assert.Equal(2, guard.Count);
        Assert.False(guard.TryAccept("b"));
        Assert.False(guard.TryAccept("c"));
    }

    [Fact]
    public void Constructor_ToleranceOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebhookReplayGuard(TimeSpan.FromHours(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebhookReplayGuard(TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => new WebhookReplayGuard(TimeSpan.FromMinutes(5)).TryAccept(""));
    }

    private static (byte[] Body, string Signature, string Timestamp) Signed(DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds();
        var body = Encoding.UTF8.GetBytes($$"""{"timestamp":{{seconds}},"idempotencyKey":"evt-1","subject":"x"}""");
        return (body, WebhookSignature.Compute(body, Secret), seconds.ToString(CultureInfo.InvariantCulture));
    }
}
