namespace IncidentKit.Simulation;

/// <summary>Holds how much one person was paged in a simulation.</summary>
/// <param name="Person">The person.</param>
/// <param name="Pages">The pages that reached them.</param>
/// <param name="NightPages">How many of those came at night in their zone.</param>
/// <param name="Acknowledged">How many incidents they acknowledged.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record PersonLoad(UserId Person, int Pages, int NightPages, int Acknowledged);
