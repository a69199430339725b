using System.Text;
using System.Text.Json;
using IncidentKit.AspNetCore.Alerts;
using Microsoft.AspNetCore.Http;

namespace IncidentKit.AspNetCore.Tests.Alerts;

public sealed class AlertsAcceptedResultTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 0)]
    [InlineData(int.MaxValue, 123_456_789)]
    public async Task ExecuteAsync_Counts_Answers202WithTheBodyTheSerialisedRecordHad(int received, int fresh)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await new AlertsAcceptedResult(received, fresh).ExecuteAsync(context);

        var expected = JsonSerializer.Serialize(new AlertsAccepted("success", received, fresh), AlertEndpointJsonContext.Default.AlertsAccepted);
        Assert.Equal(expected, Encoding.UTF8.GetString(body.ToArray()));
        Assert.Equal((202, "application/json; charset=utf-8", (long?)expected.Length),
            (context.Response.StatusCode, context.Response.ContentType, context.Response.ContentLength));
    }
}
