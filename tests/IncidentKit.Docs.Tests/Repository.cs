namespace IncidentKit.Docs.Tests;

// Finds files of the repository the tests run from (the directory holding IncidentKit.sln).
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative)).ReplaceLineEndings("\n");

    // Regenerated files are written only when asked, so a stale file fails CI instead of being fixed silently.
    public static bool Updating => Environment.GetEnvironmentVariable("INCIDENTKIT_UPDATE_DOCS") == "1";

    public const string UpdateCommand = "INCIDENTKIT_UPDATE_DOCS=1 dotnet test -c Release --project tests/IncidentKit.Docs.Tests";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "IncidentKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No IncidentKit.sln above {AppContext.BaseDirectory}.");
    }
}
