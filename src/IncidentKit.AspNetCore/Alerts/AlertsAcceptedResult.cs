using System.Buffers.Text;
using Microsoft.AspNetCore.Http;

namespace IncidentKit.AspNetCore.Alerts;

// The 202 answer of the Alertmanager and webhook endpoints, {"status":"success","received":N,"new":M}: written as bytes with its
// length, without serialising an object (an alert storm answers every alert with it). Same body as AlertsAccepted serialised.
internal sealed class AlertsAcceptedResult(int received, int fresh) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        Span<byte> body = stackalloc byte[96];
        var length = Append(body, "{\"status\":\"success\",\"received\":"u8, 0);
        length += Utf8Formatter.TryFormat(received, body[length..], out var written) ? written : 0;
        length = Append(body, ",\"new\":"u8, length);
        length += Utf8Formatter.TryFormat(fresh, body[length..], out written) ? written : 0;
        length = Append(body, "}"u8, length);

        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status202Accepted;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = length;
        var writer = response.BodyWriter;
        body[..length].CopyTo(writer.GetSpan(length));
        writer.Advance(length);
        return writer.FlushAsync(httpContext.RequestAborted).AsTask();
    }

    private static int Append(Span<byte> body, ReadOnlySpan<byte> text, int at)
    {
        text.CopyTo(body[at..]);
        return at + text.Length;
    }
}
