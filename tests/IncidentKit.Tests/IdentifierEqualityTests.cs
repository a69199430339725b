using IncidentKit.Incidents;
using IncidentKit.Storage;
using IncidentKit.Tests.TestSupport;

namespace IncidentKit.Tests;

public sealed class IdentifierEqualityTests
{
    [Fact]
    public void IncidentId_EqualityFollowsTheGuid()
    {
        var guid = Guid.NewGuid();
        ValueTypeAssert.EqualsStruct(new IncidentId(guid), IncidentId.Parse(guid.ToString("N")), IncidentId.New(), default);
        Assert.Equal(guid.ToString("D"), new IncidentId(guid).ToString());
        Assert.Equal("value", Assert.Throws<ArgumentException>(() => new IncidentId(Guid.Empty)).ParamName);
        Assert.Throws<FormatException>(() => IncidentId.Parse("not a guid"));
    }

    [Fact]
    public void TenantId_EqualityIsOrdinal()
    {
        ValueTypeAssert.EqualsStruct(new TenantId("acme"), new TenantId(new string("acme".ToCharArray())), new TenantId("ACME"), new TenantId("globex"), default);
        Assert.Equal("default", TenantId.Default.ToString());
        Assert.Equal(string.Empty, default(TenantId).ToString());
        Assert.Equal("value", Assert.ThrowsAny<ArgumentException>(() => new TenantId("")).ParamName);
        Assert.Equal("value", Assert.ThrowsAny<ArgumentException>(() => new TenantId(new string('t', 129))).ParamName);
        Assert.Equal(128, new TenantId(new string('t', 128)).Value.Length);
    }

    [Fact]
    public void UserId_EqualityIsOrdinal()
    {
        ValueTypeAssert.EqualsStruct(new UserId("alice"), new UserId("alice"), new UserId("Alice"), UserId.System, default);
        Assert.StartsWith("system:", UserId.System.Value, StringComparison.Ordinal);
        Assert.Equal("value", Assert.ThrowsAny<ArgumentException>(() => new UserId(" ")).ParamName);
        Assert.Equal("value", Assert.ThrowsAny<ArgumentException>(() => new UserId(new string('u', 257))).ParamName);
    }

    [Fact]
    public void ExpectedVersion_EqualityFollowsTheValueAndDefaultIsNoIncident()
    {
        ValueTypeAssert.EqualsStruct(new ExpectedVersion(3), new ExpectedVersion(3), new ExpectedVersion(4), ExpectedVersion.NoIncident);
        ValueTypeAssert.EqualsStruct(ExpectedVersion.NoIncident, default, new ExpectedVersion(1));
        Assert.Equal("v3", new ExpectedVersion(3).ToString());
        Assert.Equal("no incident", ExpectedVersion.NoIncident.ToString());
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => new ExpectedVersion(-1)).ParamName);
    }
}
