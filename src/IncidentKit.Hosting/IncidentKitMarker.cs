namespace IncidentKit.Hosting;

// Registered once by AddIncidentKit; its presence makes a second call add only its options (Polly's RegistryMarker pattern).
internal sealed class IncidentKitMarker;
