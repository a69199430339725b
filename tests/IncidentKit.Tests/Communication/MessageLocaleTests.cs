using System.Globalization;
using IncidentKit.Communication;
using NodaTime;
using static IncidentKit.Tests.Communication.CommunicationFixture;

namespace IncidentKit.Tests.Communication;

public sealed class MessageLocaleTests
{
    private static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly Instant MondayMorning = Instant.FromUtc(2026, 3, 30, 9, 30);

    [Fact]
    public void Format_Utc_KeepsTheIsoStyleWithUtcNamed() =>
        Assert.Equal("2026-03-30 09:30 UTC", MessageLocale.Utc.Format(MondayMorning));

    [Fact]
    public void Format_LondonInSummerTime_ShowsLocalTimeWithAbbreviationAndZone()
    {
        Assert.Equal("2026-03-30 10:30 BST (Europe/London)", new MessageLocale(London).Format(MondayMorning));
        Assert.Equal("Mon 30/03/2026 10:30 BST (Europe/London)", new MessageLocale(London, CultureInfo.GetCultureInfo("en-GB")).Format(MondayMorning));
    }

    [Fact]
    public void Format_Culture_UsesItsDayNamesAndOrder()
    {
        var german = new MessageLocale(Berlin, CultureInfo.GetCultureInfo("de-DE")).Format(MondayMorning);
        var american = new MessageLocale(DateTimeZoneProviders.Tzdb["America/New_York"], CultureInfo.GetCultureInfo("en-US")).Format(MondayMorning);

        Assert.Equal("Mo 30.03.2026 11:30 CEST (Europe/Berlin)", german);
        Assert.StartsWith("Mon 3/30/2026 5:30", american, StringComparison.Ordinal);
        Assert.EndsWith("EDT (America/New_York)", american, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_ZoneWithoutLetterAbbreviation_WritesTheOffset() =>
        Assert.Equal("2026-03-30 12:30 UTC+03:00 (Europe/Istanbul)", new MessageLocale(DateTimeZoneProviders.Tzdb["Europe/Istanbul"]).Format(MondayMorning));

    [Fact]
    public void ComposeStatusUpdateReminder_RecipientPlanAndDefaultLocales_EachShowTheirOwnZone()
    {
        var incident = OpenP1();
        incident.Assign(Bob, null, OpenedAt + Duration.FromMinutes(1), Alice);
        var due = Instant.FromUtc(2026, 6, 15, 10, 37);
        var british = new MessageLocale(London, CultureInfo.GetCultureInfo("en-GB"));

        // The default (e.g. the business calendar's zone) when neither recipient nor plan says.
        var byDefault = new NotificationComposer { DefaultLocale = british };
        Assert.Equal("Status update due Mon 15/06/2026 11:37 BST (Europe/London): Checkout fails for EU customers",
            Assert.Single(byDefault.ComposeStatusUpdateReminder(incident, due, due)).Subject);

        // The plan's locale wins over the default.
        var plans = CommunicationPlans.Default;
        var p1 = plans.ForPriority(incident.Priority).ToBuilder().ShowTimesIn(new MessageLocale(Berlin, CultureInfo.GetCultureInfo("de-DE"))).Build();
        var byPlan = new NotificationComposer(plans.With(incident.Priority, p1)) { DefaultLocale = british };
        Assert.Contains("Mo 15.06.2026 12:37 CEST (Europe/Berlin)", Assert.Single(byPlan.ComposeStatusUpdateReminder(incident, due, due)).Subject, StringComparison.Ordinal);

        // The recipient's own locale wins over both.
        var byRecipient = new NotificationComposer(plans.With(incident.Priority, p1))
        {
            DefaultLocale = british,
            RecipientLocale = r => r == Recipient.ForUser(Bob) ? new MessageLocale(DateTimeZoneProviders.Tzdb["Asia/Tokyo"], CultureInfo.GetCultureInfo("en-GB")) : null,
        };
        Assert.Contains("Mon 15/06/2026 19:37 JST (Asia/Tokyo)", Assert.Single(byRecipient.ComposeStatusUpdateReminder(incident, due, due)).Subject, StringComparison.Ordinal);
        Assert.Equal(p1.Locale, p1.ToBuilder().Build().Locale);
    }
}
