namespace IncidentKit.Problems;

/// <summary>Configures recurrence detection: how many incidents within how many days make a recurrence, and by which keys.</summary>
/// <threadsafety>Instances are mutable until handed to <see cref="RecurrenceDetector"/>, which copies and validates them.</threadsafety>
public sealed class RecurrenceOptions
{
    /// <summary>Gets or sets how many incidents sharing a key make a recurrence: 2 to 1000.</summary>
    /// <value>The default value is 3.</value>
    public int MinIncidents { get; set; } = 3;

    /// <summary>Gets or sets the window, in days of 24 hours, within which the incidents must have been opened: 1 to 366.</summary>
    /// <remarks>Incidents A and B are within the window when B was opened no more than this many days after A (the end is inclusive).</remarks>
    /// <value>The default value is 7.</value>
    public int WindowDays { get; set; } = 7;

    /// <summary>Gets or sets whether incidents of the same service and category recur together.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ByServiceAndCategory { get; set; } = true;

    /// <summary>Gets or sets whether incidents linked to the same alert fingerprint recur together.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool ByAlertFingerprint { get; set; } = true;

    /// <summary>Gets or sets whether incidents marked as exercises count towards recurrences, as <see cref="Reporting.IncidentMetricsOptions.IncludeExercises"/> does for metrics.</summary>
    /// <value>The default value is <see langword="false"/>: a drill that repeats is not a recurring problem.</value>
    public bool IncludeExercises { get; set; }

    /// <summary>Throws when the options are invalid, listing every problem with the property's name.</summary>
    /// <exception cref="ArgumentException">A value is outside its range, or both keys are switched off.</exception>
    public void Validate()
    {
        List<string> problems = [];
        if (MinIncidents is < 2 or > 1000)
        {
            problems.Add($"{nameof(MinIncidents)} must be 2 to 1000 but was {MinIncidents}.");
        }

        if (WindowDays is < 1 or > 366)
        {
            problems.Add($"{nameof(WindowDays)} must be 1 to 366 but was {WindowDays}.");
        }

        if (!ByServiceAndCategory && !ByAlertFingerprint)
        {
            problems.Add($"At least one of {nameof(ByServiceAndCategory)} and {nameof(ByAlertFingerprint)} must be true.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid recurrence options: " + string.Join(" ", problems), nameof(RecurrenceOptions));
        }
    }
}
