using IncidentKit.Categories;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.MajorIncidents;

/// <summary>Assembles a <see cref="MajorIncidentPolicy"/>; <see cref="Build"/> checks everything at once.</summary>
/// <remarks>Defaults: P1 is major, no service-count or category rule, the whole checklist in <see cref="MajorIncidentStep"/> order,
/// status updates every 20 minutes for the first 2 hours and then hourly, commanders assigned by hand, failed steps retried after
/// 30 seconds, doubling up to 15 minutes.</remarks>
/// <threadsafety>This type is mutable and not thread-safe.</threadsafety>
public sealed class MajorIncidentPolicyBuilder
{
    internal List<Priority> PrioritiesValue { get; private set; } = [Priority.P1];

    internal int? MinimumAffectedServicesValue { get; private set; }

    internal List<CategoryPath> CategoriesValue { get; private set; } = [];

    internal List<MajorIncidentStep> ChecklistValue { get; private set; } = [.. Enum.GetValues<MajorIncidentStep>()];

    internal Duration TightUpdateEveryValue { get; private set; } = Duration.FromMinutes(20);

    internal Duration TightForValue { get; private set; } = Duration.FromHours(2);

    internal Duration ThenUpdateEveryValue { get; private set; } = Duration.FromHours(1);

    internal ScheduleId? CommanderScheduleValue { get; private set; }

    internal Duration RetryInitialDelayValue { get; private set; } = Duration.FromSeconds(30);

    internal Duration RetryMaxDelayValue { get; private set; } = Duration.FromMinutes(15);

    /// <summary>Sets the priorities that make an incident major; none turns the rule off.</summary>
    /// <param name="priorities">The priorities.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="priorities"/> is null.</exception>
    public MajorIncidentPolicyBuilder DeclareAtPriorities(params Priority[] priorities)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        PrioritiesValue = [.. priorities];
        return this;
    }

    /// <summary>Sets how many affected services make an incident major; <see langword="null"/> turns the rule off.</summary>
    /// <param name="minimum">The count, at least 1 (checked by <see cref="Build"/>).</param>
    /// <returns>This builder.</returns>
    public MajorIncidentPolicyBuilder DeclareWhenServicesAffected(int? minimum)
    {
        MinimumAffectedServicesValue = minimum;
        return this;
    }

    /// <summary>Sets the categories (each with everything within it) that make an incident major, e.g. <c>Security</c>.</summary>
    /// <param name="categories">The categories.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="categories"/> is null.</exception>
    public MajorIncidentPolicyBuilder DeclareForCategories(params CategoryPath[] categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        CategoriesValue = [.. categories];
        return this;
    }

    /// <summary>Sets the checklist's steps, in order.</summary>
    /// <param name="steps">The steps, each at most once.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="steps"/> is null.</exception>
    public MajorIncidentPolicyBuilder WithChecklist(params MajorIncidentStep[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ChecklistValue = [.. steps];
        return this;
    }

    /// <summary>Sets the tightened status-update cadence: every <paramref name="every"/> for <paramref name="for"/> after the declaration, then every <paramref name="thenEvery"/>.</summary>
    /// <param name="every">The tight interval.</param>
    /// <param name="for">How long it lasts.</param>
    /// <param name="thenEvery">The interval afterwards, at least <paramref name="every"/>.</param>
    /// <returns>This builder.</returns>
    public MajorIncidentPolicyBuilder TightenStatusUpdates(Duration every, Duration @for, Duration thenEvery)
    {
        TightUpdateEveryValue = every;
        TightForValue = @for;
        ThenUpdateEveryValue = thenEvery;
        return this;
    }

    /// <summary>Sets the on-call schedule the incident commander is paged from; <see langword="null"/> leaves the role to be assigned by hand.</summary>
    /// <param name="schedule">The schedule's id.</param>
    /// <returns>This builder.</returns>
    public MajorIncidentPolicyBuilder PageCommandersFrom(ScheduleId? schedule)
    {
        CommanderScheduleValue = schedule;
        return this;
    }

    /// <summary>Sets how failed steps are retried: after <paramref name="initialDelay"/>, doubling up to <paramref name="maxDelay"/>.</summary>
    /// <param name="initialDelay">The first wait, 1 second or more.</param>
    /// <param name="maxDelay">The longest wait, at least <paramref name="initialDelay"/> and at most 1 day.</param>
    /// <returns>This builder.</returns>
    public MajorIncidentPolicyBuilder RetryFailedSteps(Duration initialDelay, Duration maxDelay)
    {
        RetryInitialDelayValue = initialDelay;
        RetryMaxDelayValue = maxDelay;
        return this;
    }

    /// <summary>Checks the settings and freezes them into a policy.</summary>
    /// <returns>The policy.</returns>
    /// <exception cref="ConfigurationValidationException">A setting is invalid; every problem is listed.</exception>
    public MajorIncidentPolicy Build()
    {
        var errors = new List<string>();
        if (PrioritiesValue.Any(p => p == default))
        {
            errors.Add("Priorities: a priority is unset (expected P1 to P99).");
        }

        if (PrioritiesValue.Distinct().Count() != PrioritiesValue.Count)
        {
            errors.Add("Priorities: a priority is listed twice.");
        }

        if (MinimumAffectedServicesValue is < 1)
        {
            errors.Add($"MinimumAffectedServices: expected at least 1 service, or none to turn the rule off, but got {MinimumAffectedServicesValue}.");
        }

        if (CategoriesValue.Any(c => c.Value.Length == 0))
        {
            errors.Add("Categories: a category is unset (expected a path such as Security or Infrastructure/Network).");
        }

        if (ChecklistValue.Any(s => !Enum.IsDefined(s)))
        {
            errors.Add($"Checklist: a step is not one of {string.Join(", ", Enum.GetNames<MajorIncidentStep>())}.");
        }

        if (ChecklistValue.Distinct().Count() != ChecklistValue.Count)
        {
            errors.Add("Checklist: a step is listed twice.");
        }

        if (TightUpdateEveryValue < Duration.FromMinutes(1))
        {
            errors.Add($"TightUpdateEvery: expected at least 1 minute but got {TightUpdateEveryValue}.");
        }

        if (TightForValue < Duration.Zero)
        {
            errors.Add($"TightFor: expected zero or more but got {TightForValue}.");
        }

        if (ThenUpdateEveryValue < TightUpdateEveryValue)
        {
            errors.Add($"ThenUpdateEvery: expected at least the tight interval ({TightUpdateEveryValue}) but got {ThenUpdateEveryValue}.");
        }

        if (CommanderScheduleValue is { } schedule && string.IsNullOrWhiteSpace(schedule.Value))
        {
            errors.Add("CommanderSchedule: the schedule id is unset.");
        }

        if (RetryInitialDelayValue < Duration.FromSeconds(1))
        {
            errors.Add($"RetryInitialDelay: expected at least 1 second but got {RetryInitialDelayValue}.");
        }

        if (RetryMaxDelayValue < RetryInitialDelayValue || RetryMaxDelayValue > Duration.FromDays(1))
        {
            errors.Add($"RetryMaxDelay: expected from the initial delay ({RetryInitialDelayValue}) to 1 day but got {RetryMaxDelayValue}.");
        }

        return errors.Count > 0 ? throw new ConfigurationValidationException("major incident policy", errors) : new MajorIncidentPolicy(this);
    }
}
