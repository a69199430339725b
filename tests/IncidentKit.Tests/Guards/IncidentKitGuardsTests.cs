using Ardalis.GuardClauses;
using IncidentKit.Guards;
using IncidentKit.Incidents;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Guards;

public sealed class IncidentKitGuardsTests
{
    [Theory]
    [InlineData("a\0b", 1)]
    [InlineData("a\u0007", 1)]
    [InlineData("\u001bcolour", 0)]
    [InlineData("del\u007f", 3)]
    [InlineData("c1\u0085", 2)]
    [InlineData("cr\r", 2)]
    public void InvalidLine_ControlCharacter_ThrowsNamingFieldAndPosition(string text, int position)
    {
        var ex = Assert.Throws<ArgumentException>(() => Guard.Against.InvalidLine(text, 100, "details.Title"));

        Assert.Equal("details.Title", ex.ParamName);
        Assert.Contains($"U+{(int)text[position]:X4} at position {position}", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tab\tand line\nfeed")]
    [InlineData("ünïcödé — fine")]
    public void InvalidLine_TabOrLineFeed_Passes(string text) =>
        Assert.Equal(text, Guard.Against.InvalidLine(text, 100));

    [Fact]
    public void InvalidText_CarriageReturnLineFeedAndTab_PassButNulThrows()
    {
        Assert.Equal("line 1\r\n\tline 2", Guard.Against.InvalidText("line 1\r\n\tline 2", 100));
        Assert.Equal("note", Assert.Throws<ArgumentException>(() => Guard.Against.InvalidText("a\0", 100, "note")).ParamName);
    }

    [Fact]
    public void Open_NulInTitleServiceOrDescription_ThrowsWithTheFieldName()
    {
        ArgumentException Open(NewIncident details) =>
            Assert.Throws<ArgumentException>(() => Incident.Open(IncidentId.New(), Tenant, details, T0, Alice));

        Assert.Equal("details.Title", Open(Details() with { Title = "DB\0down" }).ParamName);
        Assert.Equal("details.Service", Open(Details() with { Service = "orders\r" }).ParamName);
        Assert.Equal("details.Description", Open(Details() with { Description = "x\0" }).ParamName);
        Assert.Equal("line 1\r\nline 2", Incident.Open(IncidentId.New(), Tenant, Details() with { Description = "line 1\r\nline 2" }, T0, Alice).Description);
    }

    [Fact]
    public void Commands_NulInNoteOrResolution_ThrowWithTheParameterName()
    {
        var incident = Incident.Open(IncidentId.New(), Tenant, Details(), T0, Alice);

        Assert.Equal("text", Assert.Throws<ArgumentException>(() => incident.AddWorkNote("\0", At(1), Alice)).ParamName);
        Assert.Equal("alertKey", Assert.Throws<ArgumentException>(() => incident.LinkAlert("prom\0", null, At(1), Alice)).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => new UserId("bob\0")).ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => new TenantId("acme\0")).ParamName);
    }
}
