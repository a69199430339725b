using System.Text.RegularExpressions;

namespace IncidentKit.Docs.Tests;

// The user guide in docs/: the configuration reference is what the schema says, every page is reachable from the index, and
// every relative link points at a file that exists.
public sealed partial class DocumentationPagesTests
{
    private const string ReferenceFile = "docs/configuration.md";

    [Fact]
    public void ConfigurationReference_CheckedIn_IsWhatTheSchemaGenerates()
    {
        var generated = ConfigurationReference.Generate(Repository.Read("docs/incidentkit.schema.json"));
        var path = Repository.PathOf(ReferenceFile);
        var checkedIn = File.Exists(path) ? Repository.Read(ReferenceFile) : null;
        if (checkedIn != generated && Repository.Updating)
        {
            File.WriteAllText(path, generated);
            return;
        }

        Assert.True(checkedIn == generated, $"{ReferenceFile} is stale; regenerate it with: {Repository.UpdateCommand}");
    }

    [Fact]
    public void Index_ListsEveryPage()
    {
        var index = Repository.Read("docs/README.md");
        var pages = Directory.GetFiles(Repository.PathOf("docs"), "*.md").Select(Path.GetFileName).Where(f => f != "README.md").ToList();

        Assert.NotEmpty(pages);
        Assert.All(pages, page => Assert.True(index.Contains($"]({page})", StringComparison.Ordinal), $"docs/README.md does not link {page}"));
    }

    [Fact]
    public void Links_Relative_PointAtExistingFiles()
    {
        var broken = new List<string>();
        foreach (var page in Snippet.Pages())
        {
            var directory = Path.GetDirectoryName(Repository.PathOf(page))!;
            foreach (Match link in RelativeLink().Matches(Repository.Read(page)))
            {
                var target = link.Groups["target"].Value.Split('#')[0];
                if (target.Length > 0 && !File.Exists(Path.Combine(directory, target)) && !Directory.Exists(Path.Combine(directory, target)))
                {
                    broken.Add($"{page}: {link.Value}");
                }
            }
        }

        Assert.Empty(broken);
    }

    [GeneratedRegex(@"\]\((?<target>(?!https?:|mailto:|#)[^)\s]+)\)")]
    private static partial Regex RelativeLink();
}
