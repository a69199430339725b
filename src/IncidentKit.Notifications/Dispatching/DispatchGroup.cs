using IncidentKit.Communication;

namespace IncidentKit.Notifications.Dispatching;

// The rows of one batch that go to the same recipients of one tenant on one channel: sent as one message (a bundle when
// there are several), throttled together.
internal sealed record DispatchGroup(TenantId Tenant, string Channel, string Recipients, List<OutboxNotification> Rows)
{
    // Groups rows in the order their first row was claimed, so that earlier news leaves first.
    public static List<DispatchGroup> Of(IEnumerable<OutboxNotification> rows)
    {
        var groups = new List<DispatchGroup>();
        var index = new Dictionary<(TenantId, string, string), DispatchGroup>();
        foreach (var row in rows)
        {
            var m = row.Message;
            var key = (m.Tenant, m.Channel, NotificationBundler.RecipientsKey(m));
            if (!index.TryGetValue(key, out var group))
            {
                index[key] = group = new DispatchGroup(key.Tenant, key.Channel, NotificationThrottleKey.For(key.Item3), []);
                groups.Add(group);
            }

            group.Rows.Add(row);
        }

        return groups;
    }
}
