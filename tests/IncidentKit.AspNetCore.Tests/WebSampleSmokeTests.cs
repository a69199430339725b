using Microsoft.AspNetCore.Mvc.Testing;

namespace IncidentKit.AspNetCore.Tests;

public sealed class WebSampleSmokeTests
{
    [Fact]
    public async Task Healthz_SampleStarted_AnswersOk()
    {
        await using var factory = new WebApplicationFactory<Program>();
        using var client = factory.CreateClient();
        var body = await client.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal("ok", body);
    }
}
