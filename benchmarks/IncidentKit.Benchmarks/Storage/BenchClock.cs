using NodaTime;

namespace IncidentKit.Benchmarks.Storage;

// A clock the claim benchmarks move forward so that leases expire without waiting.
internal sealed class BenchClock(Instant start) : IClock
{
    private long _ticks = start.ToUnixTimeTicks();

    public Instant GetCurrentInstant() => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));

    public void Advance(Duration by) => Interlocked.Add(ref _ticks, by.BclCompatibleTicks);
}
