using IncidentKit.Categories;

namespace IncidentKit.Problems;

/// <summary>Names what a group of recurring incidents shares: a service and category, or an alert fingerprint.</summary>
/// <param name="Kind">Which of the two the key is.</param>
/// <param name="Service">The service, for <see cref="RecurrenceKind.ServiceAndCategory"/>; otherwise null.</param>
/// <param name="Category">The category, for <see cref="RecurrenceKind.ServiceAndCategory"/>; otherwise null.</param>
/// <param name="Fingerprint">The alert, for <see cref="RecurrenceKind.AlertFingerprint"/>; otherwise null.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record RecurrenceKey(RecurrenceKind Kind, string? Service, CategoryPath? Category, AlertFingerprint? Fingerprint)
{
    /// <summary>Returns a readable description, e.g. <c>service checkout, category Software/Payments</c> or <c>alert alertmanager/abc</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind == RecurrenceKind.AlertFingerprint
        ? $"alert {Fingerprint}"
        : $"service {Service}, category {Category}";
}
