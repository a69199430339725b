using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace IncidentKit.Docs.Tests;

// The checked-in schema (docs/incidentkit.schema.json, packed into IncidentKit.Hosting) is what the configuration model
// generates, and the configuration the README and the samples show validates against it.
public sealed partial class ConfigurationSchemaTests
{
    private const string SchemaFile = "docs/incidentkit.schema.json";

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(Repository.Read(SchemaFile)));

    [Fact]
    public void Schema_CheckedIn_IsWhatTheModelGenerates()
    {
        var generated = ConfigurationSchema.Generate();
        var path = Repository.PathOf(SchemaFile);
        var checkedIn = File.Exists(path) ? Repository.Read(SchemaFile) : null;
        if (checkedIn != generated && Repository.Updating)
        {
            File.WriteAllText(path, generated);
            return;
        }

        Assert.True(checkedIn == generated, $"{SchemaFile} is stale; regenerate it with: {Repository.UpdateCommand}");
    }

    [Fact]
    public void Schema_ReadmeConfiguration_IsValid()
    {
        var sections = JsonBlocks(Repository.Read("README.md")).Where(b => b.ContainsKey("IncidentKit")).ToList();

        Assert.NotEmpty(sections);
        Assert.All(sections, AssertValid);
    }

    [Fact]
    public void Schema_DocsConfiguration_IsValid()
    {
        var sections = Directory.GetFiles(Repository.PathOf("docs"), "*.md")
            .SelectMany(f => JsonBlocks(File.ReadAllText(f))).Where(b => b.ContainsKey("IncidentKit")).ToList();

        Assert.NotEmpty(sections);
        Assert.All(sections, AssertValid);
    }

    [Fact]
    public void Schema_SamplesAppSettings_AreValid()
    {
        var files = Directory.GetFiles(Repository.PathOf("samples"), "appsettings*.json", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        // The web sample's appsettings.json (the console tour configures itself in code).
        Assert.NotEmpty(files);
        Assert.All(files, f => AssertValid((JsonObject)JsonNode.Parse(File.ReadAllText(f), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!));
    }

    [Fact]
    public void Schema_UnknownSettingAndEnumByNumber_AreInvalid()
    {
        // The schema is as strict as the reader: a misspelt setting or a store given by number fails validation in the editor.
        var misspelt = (JsonObject)JsonNode.Parse("""{ "IncidentKit": { "PollIntervall": "00:00:05" } }""")!;
        var number = (JsonObject)JsonNode.Parse("""{ "IncidentKit": { "Store": 1 } }""")!;

        Assert.False(Evaluate(misspelt).IsValid);
        Assert.False(Evaluate(number).IsValid);
    }

    private static void AssertValid(JsonObject document)
    {
        var result = Evaluate(document);
        Assert.True(result.IsValid, $"{document.ToJsonString()} does not validate: " + string.Join("; ", Errors(result)));
    }

    private static EvaluationResults Evaluate(JsonObject document) =>
        Schema.Value.Evaluate(JsonDocument.Parse(document.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static IEnumerable<string> Errors(EvaluationResults result) =>
        (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));

    internal static IEnumerable<JsonObject> JsonBlocks(string markdown)
    {
        foreach (Match block in JsonBlock().Matches(markdown.ReplaceLineEndings("\n")))
        {
            if (JsonNode.Parse(block.Groups["body"].Value, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) is JsonObject json)
            {
                yield return json;
            }
        }
    }

    [GeneratedRegex("^```json\\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
