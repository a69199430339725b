namespace IncidentKit.Samples.Console;

/// <summary>A <see cref="TimeProvider"/> the story moves by hand, so the sample prints the same timeline on every run.</summary>
/// <remarks>Hosts hand IncidentKit a TimeProvider; the domain's NodaTime clock is derived from it with <c>ToClock()</c>.</remarks>
internal sealed class ScriptedTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void MoveTo(DateTimeOffset next) =>
        _now = next >= _now ? next : throw new ArgumentOutOfRangeException(nameof(next), "The story only moves forward.");
}
