using Ardalis.GuardClauses;
using IncidentKit.Calendars;
using IncidentKit.Incidents;
using IncidentKit.Reporting.Reviews;
using IncidentKit.Storage;
using NodaTime;

namespace IncidentKit.Automations;

/// <summary>Makes a draft post-incident review when an incident whose priority the due rule asks a review of resolves: due by the
/// rule, owned by the incident commander, else the person who resolved it, else the assignee, so the review store reminds the
/// owner when it falls due in draft.</summary>
/// <remarks>
/// <para>The resolution plans due work (<see cref="DueWorkKind.ReviewDraft"/>) at its instant; the worker that claims it runs
/// <see cref="IncidentService.RunDueAsync(ClaimedDueWork, CancellationToken)"/>, which saves the draft through the review store
/// before the pure decisions and then records <see cref="Incidents.Events.PostIncidentReviewDrafted"/> on the incident.</para>
/// <para>Idempotent across retries and nodes: the draft is created at expected version 0, so a second creator finds it (a
/// <see cref="RecordConcurrencyException"/> is taken as "made by another worker"); the event's id derives from the incident and
/// the resolution, so two workers store it once; and a worker that crashed between the save and the append finds the draft on
/// its retry and only records the event. A reopened and resolved-again incident has its draft regenerated from the longer
/// history, keeping what the authors wrote and moving the due date; a published review is left alone.</para>
/// <para>Run it before <see cref="AutoCloseAutomation"/> (the host adds its own automations before auto-close). Exercises get no
/// draft unless <see cref="ReviewDraftOptions.IncludeExercises"/>; cancelled incidents never do.</para>
/// </remarks>
/// <threadsafety>This type is immutable and thread-safe if its store is.</threadsafety>
public sealed class ReviewDraftAutomation : IIncidentAutomation, IIncidentEffects
{
    private readonly IReviewStore _store;
    private readonly ReviewDueRule _dueRule;
    private readonly BusinessCalendar _calendar;
    private readonly DateTimeZone _zone;
    private readonly bool _includeExercises;

    /// <summary>Initializes the automation.</summary>
    /// <param name="store">Where reviews are kept.</param>
    /// <param name="options">The options, or null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (every problem listed).</exception>
    public ReviewDraftAutomation(IReviewStore store, ReviewDraftOptions? options = null)
    {
        _store = Guard.Against.Null(store);
        options ??= new ReviewDraftOptions();
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid review draft options: " + string.Join(" ", problems), nameof(options));
        }

        _dueRule = options.DueRule;
        _calendar = options.Calendar;
        _zone = options.TimeZone;
        _includeExercises = options.IncludeExercises;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="incident"/> is null.</exception>
    public DueWork? Run(Incident incident, Instant now)
    {
        Guard.Against.Null(incident);
        return ResolutionNeedingDraft(incident) is { } resolvedAt ? new DueWork(resolvedAt, DueWorkKind.ReviewDraft) : null;
    }

    async Task IIncidentEffects.RunEffectsAsync(Incident incident, Instant now, CancellationToken cancellationToken)
    {
        if (ResolutionNeedingDraft(incident) is not { } resolvedAt)
        {
            return;
        }

        var history = new IncidentHistory(incident.Tenant, incident.Id, incident.Version, 0, [.. incident.Events]);
        var context = new ReviewContext(_zone, now) { Calendar = _calendar, DueRule = _dueRule };
        var stored = await _store.FindReviewOrNullAsync(incident.Tenant, incident.Id, cancellationToken).ConfigureAwait(false);
        PostIncidentReview review;
        if (stored is null)
        {
            review = PostIncidentReview.Generate(history, new ReviewAuthoring { Owner = OwnerOf(incident) }, context);
            try
            {
                await _store.SaveReviewAsync(review, 0, cancellationToken).ConfigureAwait(false);
            }
            catch (RecordConcurrencyException)
            {
                // Another worker made it between our read and our save: the draft exists, which is all this run needs.
            }
        }
        else if (stored.Review.Status == ReviewStatus.Draft && stored.Review.DueAt != context.DueRule.DueAt(incident.Priority, resolvedAt, _calendar))
        {
            // Resolved again after a reopening: the history grew and the deadline moved; what the authors wrote stays. A lost race
            // throws, and the run is retried on the stored state.
            review = PostIncidentReview.Generate(history, stored.Review.ToAuthoring(), context);
            await _store.SaveReviewAsync(review, stored.Version, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            review = stored.Review;
        }

        incident.RecordPostIncidentReviewDrafted(resolvedAt, review.DueAt, review.Owner, now);
    }

    // The commander ran the response; otherwise whoever resolved it, if a person; otherwise the assignee.
    private static UserId? OwnerOf(Incident incident) =>
        incident.Commander
        ?? (incident.Resolution is { } r && !r.By.Value.StartsWith("system:", StringComparison.Ordinal) ? r.By : (UserId?)null)
        ?? incident.Assignee;

    private Instant? ResolutionNeedingDraft(Incident incident) =>
        incident.State is IncidentState.Resolved or IncidentState.Closed
        && incident.ResolvedAt is { } resolvedAt
        && (_includeExercises || !incident.IsExercise)
        && _dueRule.Deadlines.ContainsKey(incident.Priority)
        && !incident.HasReviewDraftFor(resolvedAt)
            ? resolvedAt
            : null;
}
