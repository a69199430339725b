namespace IncidentKit.Simulation;

/// <summary>Runs scenarios on a virtual clock against the real engines, and compares configurations side by side.</summary>
/// <remarks>
/// A run never reads the wall clock, sleeps or waits: each happening (an inject, an arrival, an escalation timeout, an SLA
/// threshold, a person answering) is taken from a priority queue in instant order and handed to the engines as their "now".
/// Random draws come from the scenario's seed through per-purpose streams, so the same scenario gives byte-identical reports,
/// and two configurations run on one scenario meet the same incidents and the same people answering at the same speed.
/// </remarks>
/// <threadsafety>This type is stateless; runs on different threads are independent.</threadsafety>
public static class Simulator
{
    /// <summary>Plays a scenario to its end against its own configuration or another.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="configuration">The configuration to test, or <see langword="null"/> for the scenario's own.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
    /// <exception cref="ArgumentException">A load profile built in code has a rate outside (0, 10 000] per day or an empty period.</exception>
    /// <exception cref="ConfigurationValidationException">The configuration's escalation names a schedule, team or role it does not define.</exception>
    public static SimulationReport Run(Scenario scenario, SimulationConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new SimulationRun(scenario, configuration).Finish();
    }

    /// <summary>Plays one scenario against two configurations and sets the results side by side.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="baseline">The configuration in force.</param>
    /// <param name="candidate">The configuration proposed.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ConfigurationValidationException">A configuration's escalation names a schedule, team or role it does not define.</exception>
    public static WhatIfComparison Compare(Scenario scenario, SimulationConfiguration baseline, SimulationConfiguration candidate)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        return new WhatIfComparison(Run(scenario, baseline), Run(scenario, candidate));
    }
}
