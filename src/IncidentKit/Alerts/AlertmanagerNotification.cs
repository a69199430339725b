namespace IncidentKit.Alerts;

/// <summary>Holds one Prometheus Alertmanager webhook notification (payload version 4), every field of it.</summary>
/// <param name="Version">The payload version, always <c>4</c>.</param>
/// <param name="GroupKey">Alertmanager's key of the notified group, e.g. <c>{}:{alertname="ApiDown"}</c>.</param>
/// <param name="TruncatedAlerts">How many alerts Alertmanager left out because of the receiver's <c>max_alerts</c>.</param>
/// <param name="Status">The group's status: firing while any alert fires.</param>
/// <param name="Receiver">The receiver's name in Alertmanager's configuration.</param>
/// <param name="GroupLabels">The labels the group is formed by.</param>
/// <param name="CommonLabels">The labels every alert of the notification has.</param>
/// <param name="CommonAnnotations">The annotations every alert of the notification has.</param>
/// <param name="ExternalUrl">Alertmanager's external URL.</param>
/// <param name="Alerts">The alerts (fingerprint as key, the group key as sender group key).</param>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record AlertmanagerNotification(string Version, string GroupKey, int TruncatedAlerts, AlertStatus Status, string Receiver,
    IReadOnlyDictionary<string, string> GroupLabels, IReadOnlyDictionary<string, string> CommonLabels,
    IReadOnlyDictionary<string, string> CommonAnnotations, string? ExternalUrl, IReadOnlyList<Alert> Alerts);
