using IncidentKit.Communication;
using IncidentKit.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentKit.Notifications.Email.Tests;

public sealed class IncidentKitBuilderEmailExtensionsTests
{
    [Fact]
    public void AddSmtpEmailChannel_ValidOptions_RegistersTheChannelUnderItsName()
    {
        var services = new ServiceCollection();

        new IncidentKitBuilder(services).AddSmtpEmailChannel(o =>
        {
            o.Host = "smtp.example.com";
            o.FromAddress = "incidents@example.com";
            o.Name = "mail";
        });
        using var provider = services.BuildServiceProvider();

        var channel = Assert.IsType<SmtpEmailChannel>(Assert.Single(provider.GetServices<INotificationChannel>()));
        Assert.Equal("mail", channel.Name);
    }

    [Fact]
    public void AddSmtpEmailChannel_NoHostNoSender_ThrowsListingBoth()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() => new IncidentKitBuilder(new ServiceCollection()).AddSmtpEmailChannel(_ => { }));

        Assert.Contains(ex.Errors, p => p.Contains("Host", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, p => p.Contains("FromAddress", StringComparison.Ordinal));
    }
}
