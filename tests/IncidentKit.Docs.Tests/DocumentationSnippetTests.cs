using System.Text.RegularExpressions;

namespace IncidentKit.Docs.Tests;

// Every C# block of README.md and docs/*.md compiles, as pasted into a new console project that references the packages;
// the README's taste also runs and prints what its "// prints:" comments say.
public sealed partial class DocumentationSnippetTests
{
    public static TheoryData<string> Programs()
    {
        var data = new TheoryData<string>();
        foreach (var page in Snippet.Pages())
        {
            foreach (var snippet in Snippet.Read(page))
            {
                data.Add(snippet.ToString());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Snippet_AsPasted_Compiles(string location)
    {
        var snippet = Find(location);

        var (_, errors) = SnippetCompiler.Compile(snippet);

        Assert.True(errors.Count == 0, $"{location} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
    }

    [Fact]
    public void Taste_Run_PrintsWhatItsCommentsClaim()
    {
        var taste = Snippet.Read("README.md")[0];
        var claimed = Prints().Matches(taste.Code).Select(m => m.Groups["text"].Value.TrimEnd()).ToList();
        var (assembly, errors) = SnippetCompiler.Compile(taste);
        Assert.True(assembly is not null, string.Join(Environment.NewLine, errors));

        var printed = SnippetCompiler.Run(assembly).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');

        Assert.True(claimed.Count >= 3, "the taste should say what it prints");
        Assert.Equal(claimed, printed);
    }

    [Fact]
    public void Snippets_Readme_AreFound()
    {
        // Guards the extraction itself: the README has several C# blocks and the first one brings its own usings.
        var snippets = Snippet.Read("README.md");

        Assert.True(snippets.Count >= 5, $"found {snippets.Count} C# programs in README.md");
        Assert.StartsWith("using ", snippets[0].Code.Split('\n')[1], StringComparison.Ordinal);
    }

    private static Snippet Find(string location) =>
        Snippet.Pages().SelectMany(Snippet.Read).Single(s => s.ToString() == location);

    [GeneratedRegex(@"// prints: (?<text>.*)$", RegexOptions.Multiline)]
    private static partial Regex Prints();
}
