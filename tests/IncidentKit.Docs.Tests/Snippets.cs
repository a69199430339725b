using System.Text.RegularExpressions;

namespace IncidentKit.Docs.Tests;

// One C# program of a documentation page: a ```csharp block as pasted, or a block marked <!-- snippet: continues --> appended
// to the program of the block before it (a page that tells one story across several blocks), so each block is compiled once
// with everything it follows. Blocks marked <!-- snippet: skip --> are not
// compiled; say why next to the marker.
internal sealed partial record Snippet(string File, int Line, string Code, bool Continued)
{
    public override string ToString() => $"{File}:{Line}";

    public static IReadOnlyList<Snippet> Read(string relativeFile)
    {
        var markdown = Repository.Read(relativeFile);
        var programs = new List<Snippet>();
        foreach (Match block in Block().Matches(markdown))
        {
            var marker = block.Groups["marker"].Value;
            if (marker == "skip")
            {
                continue;
            }

            var line = markdown[..block.Groups["body"].Index].Count(c => c == '\n') + 1;
            var code = block.Groups["body"].Value;
            if (marker == "continues")
            {
                if (programs.Count == 0)
                {
                    throw new InvalidOperationException($"{relativeFile}:{line}: a continuing block needs a block before it.");
                }

                // A continuing block may name the namespaces it adds; they go to the top of the program, as C# requires.
                var lines = code.Split('\n');
                var usings = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) || l.Length == 0).ToList();
                var previous = programs[^1];
                programs.Add(previous with
                {
                    Line = line,
                    Code = string.Concat(usings.Where(l => l.Length > 0).Select(l => l + "\n")) + previous.Code
                        + $"#line {line + usings.Count} \"{relativeFile}\"\n" + string.Join('\n', lines.Skip(usings.Count)),
                    Continued = true,
                });
                continue;
            }

            programs.Add(new Snippet(relativeFile, line, $"#line {line} \"{relativeFile}\"\n" + code, false));
        }

        return programs;
    }

    public static IEnumerable<string> Pages() =>
        new[] { "README.md" }.Concat(Directory.GetFiles(Repository.PathOf("docs"), "*.md").Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/')));

    [GeneratedRegex("(?:<!-- snippet: (?<marker>continues|skip)[^>]*-->\\n)?^```csharp\\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Block();
}
