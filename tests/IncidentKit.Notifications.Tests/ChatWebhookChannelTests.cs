using System.Text.Json;
using IncidentKit.Communication;
using IncidentKit.Notifications.Tests.Support;
using NodaTime;

namespace IncidentKit.Notifications.Tests;

public sealed class ChatWebhookChannelTests : IAsyncDisposable
{
    private readonly LocalHttpReceiver _receiver = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_RealListener_PostsSlackStyleTextAndBlocks()
    {
        var channel = new ChatWebhookChannel(_client, new ChatWebhookChannelOptions { Endpoint = _receiver.Url });
        var message = Messages.Create("k", channel: "chat", subject: "[P1] SLA breached: response - Checkout <EU> & UK");

        var result = await channel.SendAsync(message, TestContext.Current.CancellationToken);

        Assert.True(result.IsDelivered);
        using var json = JsonDocument.Parse(Assert.Single(_receiver.Requests).Body);
        var root = json.RootElement;
        Assert.Equal("*[P1] SLA breached: response - Checkout &lt;EU&gt; &amp; UK*\n" + message.Body, root.GetProperty("text").GetString());
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "context", "actions"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal(message.Subject, blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("mrkdwn", blocks[1].GetProperty("text").GetProperty("type").GetString());
        Assert.Contains("*Priority* P1", blocks[2].GetProperty("elements")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var button = blocks[3].GetProperty("elements")[0];
        Assert.Equal(("button", message.Link!.ToString()), (button.GetProperty("type").GetString(), button.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task SendAsync_Bundle_ListsEachItemAndCountsTheRest()
    {
        var channel = new ChatWebhookChannel(_client, new ChatWebhookChannelOptions { Endpoint = _receiver.Url, MaxListedItems = 3 });
        var items = Enumerable.Range(1, 5).Select(i => Messages.Create($"k{i}", channel: "chat", subject: $"alert {i}")).ToList();
        var bundle = NotificationBundler.Bundle(items, Messages.At + Duration.FromMinutes(1));

        await channel.SendAsync(bundle, TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(Assert.Single(_receiver.Requests).Body);
        var sections = json.RootElement.GetProperty("blocks").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "section").Select(b => b.GetProperty("text").GetProperty("text").GetString()).ToList();
        Assert.Equal(4, sections.Count);
        Assert.StartsWith("• <https://ops.example.com/incidents/", sections[0], StringComparison.Ordinal);
        Assert.EndsWith("|alert 1>", sections[0], StringComparison.Ordinal);
        Assert.Equal("…and 2 more.", sections[3]);
        Assert.Contains("5 updates", json.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_BlocksOff_PostsTextOnly()
    {
        var channel = new ChatWebhookChannel(_client, new ChatWebhookChannelOptions { Endpoint = _receiver.Url, IncludeBlocks = false });

        await channel.SendAsync(Messages.Create("k", channel: "chat"), TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(Assert.Single(_receiver.Requests).Body);
        Assert.Equal(["text"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.False(channel.HonoursIdempotencyKeys);
    }
}
