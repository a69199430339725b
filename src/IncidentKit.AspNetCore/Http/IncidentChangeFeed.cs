using System.Threading.Channels;
using IncidentKit.Hosting;
using IncidentKit.Storage;

namespace IncidentKit.AspNetCore.Http;

// Fans committed changes out to the open server-sent event streams of their tenant. A slow reader loses its oldest
// messages rather than slowing the writers; a dashboard re-reads the incident anyway.
internal sealed class IncidentChangeFeed : IIncidentAppendObserver
{
    private readonly Lock _gate = new();
    private readonly List<(TenantId Tenant, Channel<IncidentChangeMessage> Channel)> _subscribers = [];

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    public void OnAppended(IncidentChange change, long version) => Publish(change.Tenant, MessageOf(change, version));

    public static IncidentChangeMessage MessageOf(IncidentChange change, long version)
    {
        var s = change.Summary;
        return new IncidentChangeMessage(s.Id, version, s.Title, ApiText.StateName(s.State), s.Priority, s.LastChangedAt,
            [.. change.Events.Select(e => Http.TimelineEntries.TypeOf(e))]);
    }

    // Hands a change to the open streams of its tenant: this node's own appends, and (PostgreSqlChangeRelay) other nodes'.
    public void Publish(TenantId tenant, IncidentChangeMessage message)
    {
        lock (_gate)
        {
            foreach (var (subscribed, channel) in _subscribers)
            {
                if (subscribed == tenant)
                {
                    channel.Writer.TryWrite(message);
                }
            }
        }
    }

    public Subscription Subscribe(TenantId tenant)
    {
        var channel = Channel.CreateBounded<IncidentChangeMessage>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _subscribers.Add((tenant, channel));
        }

        return new Subscription(this, tenant, channel);
    }

    private void Unsubscribe(Channel<IncidentChangeMessage> channel)
    {
        lock (_gate)
        {
            _subscribers.RemoveAll(s => ReferenceEquals(s.Channel, channel));
        }
    }

    internal sealed class Subscription(IncidentChangeFeed feed, TenantId tenant, Channel<IncidentChangeMessage> channel) : IDisposable
    {
        public TenantId Tenant { get; } = tenant;

        public ChannelReader<IncidentChangeMessage> Reader => channel.Reader;

        public void Dispose() => feed.Unsubscribe(channel);
    }
}
