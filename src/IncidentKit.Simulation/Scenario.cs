using IncidentKit.Incidents;
using IncidentKit.Simulation.Json;
using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Describes a drill: the configuration under test, what happens when (injects and steady load), how people answer, and a seed.</summary>
/// <remarks>
/// A scenario is plain data; <see cref="Simulator.Run(Scenario, SimulationConfiguration?)"/> plays it on a virtual clock. The
/// same scenario and seed always give byte-identical reports. Read one from JSON with <see cref="FromJson"/>.
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed record Scenario
{
    /// <summary>Gets the scenario's name, shown in reports.</summary>
    /// <value>The default value is <c>scenario</c>.</value>
    public string Name { get; init; } = "scenario";

    /// <summary>Gets the seed every random draw of a run derives from.</summary>
    public ulong Seed { get; init; }

    /// <summary>Gets the tenant the simulated incidents belong to.</summary>
    /// <value>The default value is <see cref="TenantId.Default"/>.</value>
    public TenantId Tenant { get; init; } = TenantId.Default;

    /// <summary>Gets the instant the simulation stops; whatever is still open then is reported open.</summary>
    public required Instant Until { get; init; }

    /// <summary>Gets the zone night pages are counted in for people without a zone of their own.</summary>
    /// <value>The default value is UTC.</value>
    public DateTimeZone Zone { get; init; } = DateTimeZone.Utc;

    /// <summary>Gets the local time night starts.</summary>
    /// <value>The default value is 22:00.</value>
    public LocalTime NightStart { get; init; } = new(22, 0);

    /// <summary>Gets the local time night ends.</summary>
    /// <value>The default value is 07:00.</value>
    public LocalTime NightEnd { get; init; } = new(7, 0);

    /// <summary>Gets the configuration under test.</summary>
    public required SimulationConfiguration Configuration { get; init; }

    /// <summary>Gets how each named person answers pages.</summary>
    /// <value>The default value is empty: everyone behaves as <see cref="DefaultResponder"/>.</value>
    public IReadOnlyDictionary<UserId, ResponderBehaviour> Responders { get; init; } = new Dictionary<UserId, ResponderBehaviour>();

    /// <summary>Gets how people not listed in <see cref="Responders"/> answer pages.</summary>
    /// <value>The default value is a fixed 5 minutes to acknowledge.</value>
    public ResponderBehaviour DefaultResponder { get; init; } = new();

    /// <summary>Gets the injects, in any order (they are played by instant, then by position).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<ScenarioInject> Injects { get; init; } = [];

    /// <summary>Gets the steady streams of incidents played besides the injects.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<LoadProfile> Load { get; init; } = [];

    /// <summary>Gets how long after the acknowledgement owners resolve incidents whose inject names no time.</summary>
    /// <value>The default value is a fixed 30 minutes.</value>
    public DelayDistribution ResolveAfter { get; init; } = DelayDistribution.Fixed(Duration.FromMinutes(30));

    /// <summary>Gets whether the incidents are exercises: flagged as such and routed to <see cref="DrillChannel"/>.</summary>
    public bool IsExercise { get; init; }

    /// <summary>Gets the channel an exercise's notifications go to instead of the plan's own channels.</summary>
    /// <value>The default value is <c>drill</c>.</value>
    public string DrillChannel { get; init; } = "drill";

    /// <summary>Gets whether reports include each incident's full timeline (off for long runs with many incidents).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool IncludeTimelines { get; init; } = true;

    /// <summary>Reads a scenario from JSON, listing every problem with its JSON path.</summary>
    /// <param name="json">The scenario document.</param>
    /// <param name="configuration">The configuration under test when the document leaves <c>configuration</c> out (read from its own
    /// file with <see cref="SimulationConfiguration.FromJson"/>), or <see langword="null"/> when the document holds it.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The document is malformed or invalid, or the configuration is given in
    /// both places or in neither; <see cref="ConfigurationValidationException.Errors"/> lists each problem at its path.</exception>
    public static Scenario FromJson(string json, SimulationConfiguration? configuration = null) =>
        ScenarioJson.ParseScenario(json ?? throw new ArgumentNullException(nameof(json)), configuration);

    /// <summary>Reads a scenario from YAML: the same document as <see cref="FromJson"/> written as YAML, listing every problem with
    /// its path (and a syntax error or a repeated key with its line).</summary>
    /// <remarks>Scalars follow the YAML 1.2 core schema: a plain number, <c>true</c>, <c>false</c> or <c>null</c> is that value and
    /// everything else a string, so <c>09:00</c> and <c>no</c> stay text. One document per file; anchors and aliases are allowed.</remarks>
    /// <param name="yaml">The scenario document.</param>
    /// <param name="configuration">The configuration under test when the document leaves <c>configuration</c> out, or
    /// <see langword="null"/> when the document holds it.</param>
    /// <returns>The scenario.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="yaml"/> is null.</exception>
    /// <exception cref="ConfigurationValidationException">The document is malformed or invalid, or the configuration is given in
    /// both places or in neither; <see cref="ConfigurationValidationException.Errors"/> lists each problem.</exception>
    public static Scenario FromYaml(string yaml, SimulationConfiguration? configuration = null) =>
        ScenarioJson.ParseScenario(ScenarioYaml.ToJson(yaml ?? throw new ArgumentNullException(nameof(yaml)), ScenarioJson.ScenarioSubject),
            configuration, withLines: false);

    internal ResponderBehaviour BehaviourOf(UserId person) => Responders.TryGetValue(person, out var b) ? b : DefaultResponder;
}
