using IncidentKit.Incidents;

namespace IncidentKit.Storage;

/// <summary>Reports whether an incident's stored timeline still matches its hash chain, and names the first broken link if not.</summary>
/// <remarks>
/// <para>Events stored before a store's schema had the chain (pre-chain events) carry no hash. They may only form the start of a
/// stream. The first event appended after the upgrade links to the chain computed over all of them, so from then on an edit of
/// a pre-chain event is found as well (as a <see cref="TimelineBreakKind.LinkBroken"/> at that first hashed event). Until a
/// stream receives such an append, nothing protects its pre-chain events: they count in <see cref="UnprotectedEvents"/> and the
/// stream is still reported intact, because nothing stored contradicts them.</para>
/// </remarks>
/// <param name="Tenant">The tenant.</param>
/// <param name="Incident">The incident.</param>
/// <param name="Version">The stream's version (its number of events); 0 when the incident does not exist.</param>
/// <param name="PreChainEvents">How many events at the start of the stream were stored before the chain existed.</param>
/// <param name="UnprotectedEvents">How many pre-chain events no hashed event vouches for yet (0 once the stream has an event
/// appended after the upgrade).</param>
/// <param name="Head">The hash of the last event (lower-case hex), to compare with a copy kept elsewhere; <see langword="null"/>
/// when the stream is empty or broken.</param>
/// <param name="FirstBreak">The first broken link, or <see langword="null"/> when the chain holds.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record TimelineVerification(
    TenantId Tenant, IncidentId Incident, long Version, long PreChainEvents, long UnprotectedEvents, string? Head, TimelineBreak? FirstBreak)
{
    /// <summary>Gets whether every stored event matches the chain.</summary>
    public bool IsIntact => FirstBreak is null;
}
