using System.Text;
using System.Text.Json;
using CsCheck;
using IncidentKit.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace IncidentKit.Hosting.Tests;

/// <summary>Random mutations of a valid <c>IncidentKit</c> section give only listed problems at start, never an exception.</summary>
public sealed class IncidentKitConfigurationFuzzTests
{
    private const int Cases = 10_000;

    [Fact]
    public void Read_MutatedAppSettings_ListsProblemsAndNeverThrows()
    {
        var valid = ReadAndValidate(IncidentKitConfigurationTests.AppSettings);
        Assert.True(valid is { Count: 0 }, "The seed document is valid: " + string.Join("; ", valid ?? []));
        var problemsSeen = 0;
        JsonMutator.Scripts.Sample(script =>
        {
            var json = JsonMutator.Mutate(IncidentKitConfigurationTests.AppSettings, script);
            try
            {
                if (ReadAndValidate(json) is { Count: > 0 })
                {
                    Interlocked.Increment(ref problemsSeen);
                }
            }
            catch (Exception ex)
            {
                Assert.Fail($"{ex.GetType().Name} escaped for {(json.Length > 600 ? json[..600] + "…" : json)}: {ex}");
            }
        }, iter: Cases);

        // The mutations are not all harmless: most documents must have been refused with problems.
        Assert.True(problemsSeen > Cases / 4, $"only {problemsSeen} of {Cases} mutated documents had a problem");
    }

    // A seed the fuzzer found: the tenant id's own refusal of control characters escaped as ArgumentException at start.
    [Fact]
    public void Read_ControlCharacterInAHealthCheckTenant_ListsTheProblemAtItsPath()
    {
        var json = IncidentKitConfigurationTests.AppSettings.Replace("[ \"acme\", \"globex\" ]", "[ \"acme\", \"\\u0000\" ]", StringComparison.Ordinal);
        Assert.NotEqual(IncidentKitConfigurationTests.AppSettings, json);
        var problems = ReadAndValidate(json);
        Assert.NotNull(problems);
        Assert.Contains(problems, p => p.StartsWith("IncidentKit:HealthCheckTenants:1: not a tenant id", StringComparison.Ordinal));
    }

    // Null when the configuration provider itself refuses the text (not JSON an IConfiguration can hold): that is the host's
    // JSON file failing to load, before IncidentKit reads anything.
    private static List<string>? ReadAndValidate(string json)
    {
        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or JsonException or InvalidOperationException)
        {
            return null;
        }

        var options = new IncidentKitOptions();
        IncidentKitConfigurationReader.Read(configuration.GetSection("IncidentKit"), options);
        var result = new IncidentKitOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }
}
