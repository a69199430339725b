namespace IncidentKit.Storage;

/// <summary>Describes the first broken link of an incident's stored timeline.</summary>
/// <param name="Version">The version of the first event that fails the chain.</param>
/// <param name="Kind">How it fails.</param>
/// <param name="Expected">What the chain says must be there: a hash (lower-case hex) or a version.</param>
/// <param name="Found">What is stored instead: a hash (lower-case hex), a version, or "end of stream".</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record TimelineBreak(long Version, TimelineBreakKind Kind, string Expected, string Found)
{
    /// <summary>Returns a sentence that names the broken link.</summary>
    /// <returns>The sentence.</returns>
    public override string ToString() => $"{Kind} at version {Version}: expected {Expected}, found {Found}";
}
