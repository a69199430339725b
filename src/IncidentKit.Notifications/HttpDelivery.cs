using System.Net;
using IncidentKit.Communication;

namespace IncidentKit.Notifications;

/// <summary>Posts a body and turns the answer into a <see cref="DeliveryResult"/>; shared by the webhook channels.</summary>
internal static class HttpDelivery
{
    internal static async ValueTask<DeliveryResult> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            return Classify(response.StatusCode, response.ReasonPhrase);
        }
        catch (HttpRequestException ex)
        {
            return DeliveryResult.Transient($"HTTP request failed: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Transient("HTTP request timed out.");
        }
    }

    // 408, 425, 429 and 5xx may pass; other 4xx mean the request itself is wrong (bad secret, bad URL) and will stay wrong.
    internal static DeliveryResult Classify(HttpStatusCode status, string? reason)
    {
        var code = (int)status;
        var text = $"HTTP {code} {reason}".TrimEnd();
        return code switch
        {
            >= 200 and < 300 => DeliveryResult.Delivered(text),
            408 or 425 or 429 or >= 500 => DeliveryResult.Transient(text),
            _ => DeliveryResult.Permanent(text),
        };
    }
}
