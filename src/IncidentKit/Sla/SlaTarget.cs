using NodaTime;

namespace IncidentKit.Sla;

/// <summary>Represents one target of an SLA policy: how much business time, on which calendar.</summary>
/// <param name="Kind">Which clock it sets.</param>
/// <param name="Within">The business time allowed; positive.</param>
/// <param name="Calendar">The name of the business calendar it is measured on, resolved by the <see cref="SlaEngine"/>;
/// <see langword="null"/> measures on <see cref="Calendars.BusinessCalendar.AlwaysOpen"/> (24×7).</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct SlaTarget(SlaTargetKind Kind, Duration Within, string? Calendar);
