namespace IncidentKit.Alerts;

/// <summary>Holds one entry of an Events API v2 event's <c>links</c> or <c>images</c>.</summary>
/// <param name="Href">The link (<c>href</c>), or for an image its <c>src</c>.</param>
/// <param name="Text">The link's text, or for an image its <c>alt</c>, if any.</param>
/// <param name="ImageLink">For an image, the <c>href</c> it links to, if any.</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record EventsV2Link(string Href, string? Text, string? ImageLink = null);
