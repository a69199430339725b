using IncidentKit.Incidents;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Steps a facilitator through a scripted tabletop exercise: one inject at a time, showing who was paged and what fell due.</summary>
/// <remarks>
/// <para>Every incident of the exercise is flagged (<see cref="NewIncident.IsExercise"/>, title prefixed <c>[EXERCISE]</c>), its
/// notifications are counted against the scenario's <see cref="Scenario.DrillChannel"/> instead of the plans' channels, and the
/// reporting metrics leave it out unless asked to include exercises. <see cref="SaveAsync"/> writes the exercise's incidents to a
/// store so the team can walk the timelines in the product afterwards, still flagged.</para>
/// <para>The exercise plays on the virtual clock, so stepping is instant and the same script with the same seed always tells the
/// same story.</para>
/// </remarks>
/// <threadsafety>Instances are not thread-safe.</threadsafety>
public sealed class TabletopExercise
{
    private readonly SimulationRun _run;
    private readonly Instant[] _instants;
    private readonly string?[] _notes;
    private int _logged;

    /// <summary>Initializes an exercise from a scenario whose injects are the script.</summary>
    /// <param name="scenario">The scenario; it is played as an exercise whatever its own flag says.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scenario"/> is null.</exception>
    /// <exception cref="ArgumentException">The scenario has no injects.</exception>
    /// <exception cref="ConfigurationValidationException">The configuration's escalation names a schedule, team or role it does not define.</exception>
    public TabletopExercise(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Injects.Count == 0)
        {
            throw new ArgumentException("A tabletop exercise needs at least one inject to step through.", nameof(scenario));
        }

        Scenario = scenario with { IsExercise = true, IncludeTimelines = true };
        _run = new SimulationRun(Scenario, keepLog: true, keepIncidents: true);
        var ordered = scenario.Injects.Select((inject, index) => (inject, index)).OrderBy(p => p.inject.At).ThenBy(p => p.index).ToArray();
        _instants = [.. ordered.Select(p => p.inject.At)];
        _notes = [.. ordered.Select(p => p.inject.Note)];
    }

    /// <summary>Gets the scenario as played (flagged as an exercise).</summary>
    public Scenario Scenario { get; }

    /// <summary>Gets the number of steps: one per inject.</summary>
    public int StepCount => _instants.Length;

    /// <summary>Gets the number of steps taken so far.</summary>
    public int StepsTaken { get; private set; }

    /// <summary>Gets whether every step has been taken.</summary>
    public bool IsFinished => StepsTaken == _instants.Length;

    /// <summary>Plays the next inject and everything that follows from it until just before the next inject (or the end).</summary>
    /// <returns>The step.</returns>
    /// <exception cref="InvalidOperationException">Every step has been taken.</exception>
    public TabletopStep Step()
    {
        if (IsFinished)
        {
            throw new InvalidOperationException($"The exercise has {StepCount} steps and all were taken; call {nameof(Finish)} for the report.");
        }

        var k = StepsTaken++;
        var last = k + 1 == _instants.Length;
        _run.RunUntil(last ? Scenario.Until : _instants[k + 1] - Duration.Epsilon);
        var lines = _run.Log.Skip(_logged).ToArray();
        _logged = _run.Log.Count;
        return new TabletopStep(k + 1, _instants[k], _notes[k], lines, last);
    }

    /// <summary>Takes any steps left and returns the exercise's report.</summary>
    /// <returns>The report; every incident in it is flagged as an exercise.</returns>
    public SimulationReport Finish()
    {
        while (!IsFinished)
        {
            Step();
        }

        return _run.Finish();
    }

    /// <summary>Writes the exercise's incidents (flagged as exercises) to a store, each as one new stream.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">The token to cancel the writes.</param>
    /// <returns>The number of incidents written: 0 when the exercise was saved to this store before (saving again changes nothing).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The exercise has not been finished.</exception>
    /// <exception cref="IncidentConcurrencyException">An incident with the same id is in the store already (the exercise was saved before).</exception>
    public async Task<int> SaveAsync(IIncidentWriter store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!IsFinished)
        {
            throw new InvalidOperationException($"Finish the exercise ({StepCount - StepsTaken} steps left) before saving it.");
        }

        var written = 0;
        foreach (var incident in _run.Incidents)
        {
            // The exercise's incidents stay as played (their events pending): saving again offers the same events, which a store
            // that has them already takes as a repeat and writes nothing.
            var result = await store.AppendAsync(IncidentChange.For(incident), cancellationToken).ConfigureAwait(false);
            written += result.WasDuplicate ? 0 : 1;
        }

        return written;
    }
}
