using IncidentKit.Categories;
using IncidentKit.Tests.TestSupport;

namespace IncidentKit.Tests.Categories;

public sealed class CategoryPathEqualityTests
{
    [Fact]
    public void Equality_IgnoresCaseAndSpacesAroundSegments()
    {
        ValueTypeAssert.EqualsStruct(new CategoryPath("Hardware/Server"), new CategoryPath(" hardware / SERVER "),
            new CategoryPath("Hardware"), new CategoryPath("Hardware/Server/Disk"), default);
    }

    [Fact]
    public void Equality_DefaultEqualsDefault()
    {
        ValueTypeAssert.EqualsStruct(default(CategoryPath), default, new CategoryPath("Network"));
    }
}
