using NodaTime;

namespace IncidentKit.Samples.Console;

/// <summary>A clock the story sets by hand, so the sample prints the same timeline on every run.</summary>
internal sealed class ScriptedClock(Instant start) : IClock
{
    public Instant Now { get; private set; } = start;

    public Instant GetCurrentInstant() => Now;

    public void Set(Instant next) => Now = next >= Now ? next : throw new ArgumentOutOfRangeException(nameof(next), "The story only moves forward.");
}
