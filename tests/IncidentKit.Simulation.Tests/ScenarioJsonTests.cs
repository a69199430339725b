namespace IncidentKit.Simulation.Tests;

public sealed class ScenarioJsonTests
{
    private static ConfigurationValidationException Refuse(string json) => Assert.Throws<ConfigurationValidationException>(() => Scenario.FromJson(json));

    [Fact]
    public void FromJson_UnknownProperty_IsRefusedWithItsPath()
    {
        var ex = Refuse(Scenarios.DstScenario().Replace("\"seed\": 7,", "\"seed\": 7, \"sed\": 8,", StringComparison.Ordinal));

        Assert.Contains(ex.Errors, e => e.StartsWith("$.sed", StringComparison.Ordinal));
    }

    [Fact]
    public void FromJson_SeveralBadValues_ListsEveryProblemAtItsPath()
    {
        var json = Scenarios.DstScenario()
            .Replace("\"until\": \"2026-03-30T00:00:00Z\"", "\"until\": \"next tuesday\"", StringComparison.Ordinal)
            .Replace("\"resolveAfter\": { \"fixed\": \"20m\" }", "\"resolveAfter\": { \"fixed\": \"20x\" }", StringComparison.Ordinal)
            .Replace("\"bob\": { \"acknowledge\": { \"fixed\": \"3m\" } }", "\"bob\": { \"acknowledge\": { \"logNormal\": { \"median\": \"3m\", \"sigma\": 9 } }, \"timeZone\": \"Mars/Olympus\" }", StringComparison.Ordinal)
            .Replace("\"impact\": \"high\", \"urgency\": \"high\" } },\n    { \"at\": \"2026-03-29T00:30:00Z\"", "\"impact\": \"huge\", \"urgency\": \"high\" } },\n    { \"at\": \"2026-03-29T00:30:00Z\"", StringComparison.Ordinal);

        var ex = Refuse(json);

        Assert.Contains(ex.Errors, e => e.StartsWith("$.until: 'next tuesday' is not a UTC instant", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("$.resolveAfter.fixed: '20x' has unit 'x'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("$.responders.people['bob'].acknowledge.logNormal.sigma: expected a number from 0 to 3, found 9", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("$.responders.people['bob'].timeZone: 'Mars/Olympus' is not an IANA time zone", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("$.injects[0].incident.impact: 'huge' is not one of high, medium, low", StringComparison.Ordinal));
        Assert.Equal("simulation scenario", ex.Subject);
    }

    [Fact]
    public void FromJson_ConfigurationProblems_ComeBackFromTheCoreReadersUnderTheScenarioPath()
    {
        var json = Scenarios.DstScenario()
            .Replace("\"turn\": \"1d\"", "\"turn\": \"1 fortnight\"", StringComparison.Ordinal)
            .Replace("\"targets\": [ \"schedule:primary\" ]", "\"targets\": [ \"nobody\" ]", StringComparison.Ordinal);

        var ex = Refuse(json);

        Assert.Contains(ex.Errors, e => e.StartsWith("$.configuration.schedules[0].layers[0].turn", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.StartsWith("$.configuration.escalation.policies[0].levels[0].targets[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void FromJson_PolicyNamingAnUndefinedSchedule_IsRefusedAtTheEscalation()
    {
        var ex = Refuse(Scenarios.DstScenario().Replace("\"schedule:primary\"", "\"schedule:secondary\"", StringComparison.Ordinal));

        Assert.Contains(ex.Errors, e => e.StartsWith("$.configuration.escalation", StringComparison.Ordinal) && e.Contains("secondary", StringComparison.Ordinal));
    }

    [Fact]
    public void FromJson_InjectWithBothOrNeither_IsRefused()
    {
        var json = Scenarios.DstScenario().Replace(
            "{ \"at\": \"2026-03-29T00:30:00Z\", \"incident\": { \"title\": \"Night disk full\", \"impact\": \"high\", \"urgency\": \"high\" } },",
            "{ \"at\": \"2026-03-29T00:30:00Z\" },", StringComparison.Ordinal);

        var ex = Refuse(json);

        Assert.Contains("$.injects[1]: expected exactly one of \"incident\" and \"alert\".", ex.Errors);
    }

    [Fact]
    public void FromJson_ConfigurationInBothPlaces_IsRefused()
    {
        var ex = Assert.Throws<ConfigurationValidationException>(() =>
            Scenario.FromJson(Scenarios.DstScenario(), SimulationConfiguration.FromJson(Scenarios.DstConfiguration)));

        Assert.Contains(ex.Errors, e => e.StartsWith("$.configuration: the configuration was also given in code", StringComparison.Ordinal));
    }

    [Fact]
    public void FromJson_MalformedJson_NamesTheLine()
    {
        var ex = Refuse("{\n  \"name\": \"x\",\n  \"until\": \n}");

        Assert.Contains(ex.Errors, e => e.Contains("(line 4", StringComparison.Ordinal));
    }
}
