using IncidentKit.Categories;

namespace IncidentKit.Tests.Categories;

public sealed class CategoryPathTests
{
    [Theory]
    [InlineData("Hardware", "Hardware", 1)]
    [InlineData("Hardware/Server/Disk", "Hardware/Server/Disk", 3)]
    [InlineData(" Hardware / Server ", "Hardware/Server", 2)]
    [InlineData("a/b/c/d/e/f/g/h", "a/b/c/d/e/f/g/h", 8)]
    public void Constructor_ValidText_NormalisesSegments(string text, string value, int depth)
    {
        var path = new CategoryPath(text);
        Assert.Equal(value, path.Value);
        Assert.Equal(value, path.ToString());
        Assert.Equal(depth, path.Segments.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/")]
    [InlineData("Hardware/")]
    [InlineData("/Hardware")]
    [InlineData("Hardware//Disk")]
    [InlineData("Hardware/ /Disk")]
    [InlineData("a/b/c/d/e/f/g/h/i")]
    public void Constructor_BadText_ThrowsNamingPath(string text)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => new CategoryPath(text));
        Assert.Equal("path", ex.ParamName);
    }

    [Fact]
    public void Constructor_Null_ThrowsArgumentNullException()
    {
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => new CategoryPath(null!)).ParamName);
    }

    [Fact]
    public void Constructor_SegmentTooLong_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CategoryPath("Hardware/" + new string('x', 65)));
        Assert.Equal(64, new CategoryPath(new string('x', 64)).Value.Length);
    }

    [Fact]
    public void Parent_WalksUpToTheRoot()
    {
        var disk = new CategoryPath("Hardware/Server/Disk");
        Assert.Equal(new CategoryPath("Hardware/Server"), disk.Parent);
        Assert.Equal(new CategoryPath("Hardware"), disk.Parent!.Value.Parent);
        Assert.Null(new CategoryPath("Hardware").Parent);
        Assert.Null(default(CategoryPath).Parent);
        Assert.Empty(default(CategoryPath).Segments);
        Assert.Equal(string.Empty, default(CategoryPath).Value);
    }

    [Theory]
    [InlineData("Hardware/Server/Disk", "Hardware", true)]
    [InlineData("Hardware/Server/Disk", "hardware/SERVER", true)]
    [InlineData("Hardware/Server/Disk", "Hardware/Server/Disk", true)]
    [InlineData("Hardware", "Hardware/Server", false)]
    [InlineData("Hardware2/Server", "Hardware", false)]
    [InlineData("HardwareX", "Hardware", false)]
    [InlineData("Software", "Hardware", false)]
    public void IsWithin_AncestorsAndLookalikes(string path, string ancestor, bool within)
    {
        Assert.Equal(within, new CategoryPath(path).IsWithin(new CategoryPath(ancestor)));
    }

    [Fact]
    public void IsWithin_DefaultAncestor_IsFalseForARealPath()
    {
        Assert.False(new CategoryPath("Hardware").IsWithin(default));
    }
}
