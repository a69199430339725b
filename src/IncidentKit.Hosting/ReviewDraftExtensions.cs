using IncidentKit.Automations;
using IncidentKit.Hosting;
using IncidentKit.Reporting.Reviews;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds draft post-incident reviews on resolution to an IncidentKit host.</summary>
/// <threadsafety>Call during startup only.</threadsafety>
public static class ReviewDraftExtensions
{
    /// <summary>Makes a draft post-incident review when an incident whose priority the due rule asks a review of resolves (P1 and
    /// P2 by default), through the worker's due work, once across every node sharing the store.</summary>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <param name="configure">Changes to the options, or null for the defaults.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>The draft is due by <see cref="ReviewDraftOptions.DueRule"/> and owned by the incident commander, else the person
    /// who resolved it, else the assignee; add <see cref="ReviewReminderExtensions.AddReviewReminders"/> to remind the owner when it
    /// falls due in draft. The store is the registered <see cref="IReviewStore"/>, else the registered outbox store when it keeps
    /// reviews too (the in-memory, SQLite and PostgreSQL stores do). Invalid options fail the host's start with every problem
    /// listed. See <see cref="ReviewDraftAutomation"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IncidentKitBuilder AddReviewDrafts(this IncidentKitBuilder builder, Action<ReviewDraftOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<ReviewDraftOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddSingleton<IValidateOptions<ReviewDraftOptions>, ReviewDraftOptionsValidator>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IIncidentAutomation, ReviewDraftAutomation>(static sp => new ReviewDraftAutomation(
            sp.GetService<IReviewStore>() ?? sp.GetService<IOutboxStore>() as IReviewStore
            ?? throw new InvalidOperationException("AddReviewDrafts needs a store that keeps reviews: register an IReviewStore, or use UseInMemoryStore, UseSqlite or UsePostgreSql."),
            sp.GetRequiredService<IOptions<ReviewDraftOptions>>().Value)));
        return builder;
    }

    // Lists every problem of the options at start, instead of the first.
    private sealed class ReviewDraftOptionsValidator : IValidateOptions<ReviewDraftOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReviewDraftOptions options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
