namespace IncidentKit.Alerts;

/// <summary>Describes what the inbox did with a received report.</summary>
/// <param name="Id">The id of the inbox record (the first one, for a repeat).</param>
/// <param name="IsNew">Whether the report was new; <see langword="false"/> when it repeated one already recorded.</param>
/// <param name="Occurrences">How many times the report has been received, this time included.</param>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct AlertReceipt(Guid Id, bool IsNew, long Occurrences);
