using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using NodaTime;

namespace IncidentKit.MajorIncidents;

/// <summary>Describes when an incident becomes major by rule and what the checklist does once it is.</summary>
/// <remarks>
/// <para>Rules: an incident is declared major by the worker when its priority is one of <see cref="Priorities"/>, when it affects
/// at least <see cref="MinimumAffectedServices"/> services (its own service plus those added with
/// <see cref="Incident.AddAffectedService"/>), or when its category lies within one of <see cref="Categories"/>. Rules declare an
/// incident once: after a stand-down, which is a person's decision, they never declare it again by themselves (a person may).</para>
/// <para>Checklist: <see cref="Checklist"/> in order; a failed step is tried again after <see cref="RetryDelay"/>, doubling from
/// <see cref="RetryInitialDelay"/> up to <see cref="RetryMaxDelay"/>, until it succeeds or the incident is stood down or closed.</para>
/// <para>Assemble one with <see cref="MajorIncidentPolicyBuilder"/>; <see cref="Default"/> declares P1 incidents.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class MajorIncidentPolicy
{
    internal MajorIncidentPolicy(MajorIncidentPolicyBuilder b)
    {
        Priorities = [.. b.PrioritiesValue];
        MinimumAffectedServices = b.MinimumAffectedServicesValue;
        Categories = [.. b.CategoriesValue];
        Checklist = [.. b.ChecklistValue];
        TightUpdateEvery = b.TightUpdateEveryValue;
        TightFor = b.TightForValue;
        ThenUpdateEvery = b.ThenUpdateEveryValue;
        CommanderSchedule = b.CommanderScheduleValue;
        RetryInitialDelay = b.RetryInitialDelayValue;
        RetryMaxDelay = b.RetryMaxDelayValue;
    }

    /// <summary>Gets the policy with the default rules (P1 is major) and the default checklist and cadence.</summary>
    public static MajorIncidentPolicy Default { get; } = new MajorIncidentPolicyBuilder().Build();

    /// <summary>Gets the priorities that make an incident major.</summary>
    public IReadOnlyList<Priority> Priorities { get; }

    /// <summary>Gets how many affected services make an incident major, or <see langword="null"/> when the rule is off.</summary>
    public int? MinimumAffectedServices { get; }

    /// <summary>Gets the categories (each with everything within it) that make an incident major.</summary>
    public IReadOnlyList<CategoryPath> Categories { get; }

    /// <summary>Gets the steps that run on a declaration, in order.</summary>
    public IReadOnlyList<MajorIncidentStep> Checklist { get; }

    /// <summary>Gets the status-update interval during the first <see cref="TightFor"/> of a major incident.</summary>
    public Duration TightUpdateEvery { get; }

    /// <summary>Gets how long after the declaration the tight cadence lasts.</summary>
    public Duration TightFor { get; }

    /// <summary>Gets the status-update interval after <see cref="TightFor"/>.</summary>
    public Duration ThenUpdateEvery { get; }

    /// <summary>Gets the on-call schedule of incident commanders, or <see langword="null"/> when commanders are assigned by hand.</summary>
    public ScheduleId? CommanderSchedule { get; }

    /// <summary>Gets the wait before the second attempt at a failed step.</summary>
    public Duration RetryInitialDelay { get; }

    /// <summary>Gets the longest wait between attempts.</summary>
    public Duration RetryMaxDelay { get; }

    /// <summary>Returns how long to wait after a failed attempt: the initial delay, doubled per further failure, capped.</summary>
    /// <param name="failedAttempt">The attempt that failed, from 1.</param>
    /// <returns>The wait.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failedAttempt"/> is less than 1.</exception>
    public Duration RetryDelay(int failedAttempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var delay = RetryInitialDelay;
        for (var i = 1; i < failedAttempt && delay < RetryMaxDelay; i++)
        {
            delay += delay;
        }

        return delay < RetryMaxDelay ? delay : RetryMaxDelay;
    }

    /// <summary>Returns the first rule that makes an incident major, in words, or <see langword="null"/> when none does.</summary>
    /// <param name="incident">The incident.</param>
    /// <returns>The rule, e.g. <c>priority P1</c>, <c>3 services affected (at least 3)</c> or <c>category Security</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public string? FindRuleOrNull(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (Priorities.Contains(incident.Priority))
        {
            return $"priority {incident.Priority}";
        }

        if (MinimumAffectedServices is { } minimum && incident.AffectedServices.Count >= minimum)
        {
            return $"{incident.AffectedServices.Count} services affected (at least {minimum})";
        }

        if (incident.Category is { } category && Categories.FirstOrDefault(c => category.IsWithin(c)) is { Value.Length: > 0 } matched)
        {
            return $"category {matched}";
        }

        return null;
    }

    /// <summary>Returns a builder that starts from this policy.</summary>
    /// <returns>The builder.</returns>
    public MajorIncidentPolicyBuilder ToBuilder() => new MajorIncidentPolicyBuilder()
        .DeclareAtPriorities([.. Priorities])
        .DeclareWhenServicesAffected(MinimumAffectedServices)
        .DeclareForCategories([.. Categories])
        .WithChecklist([.. Checklist])
        .TightenStatusUpdates(TightUpdateEvery, TightFor, ThenUpdateEvery)
        .PageCommandersFrom(CommanderSchedule)
        .RetryFailedSteps(RetryInitialDelay, RetryMaxDelay);
}
