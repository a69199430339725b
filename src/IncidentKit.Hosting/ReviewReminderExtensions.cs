using IncidentKit.Hosting;
using IncidentKit.Hosting.Worker;
using IncidentKit.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the review reminder worker to an IncidentKit host.</summary>
/// <threadsafety>Call during startup only.</threadsafety>
public static class ReviewReminderExtensions
{
    /// <summary>Runs a worker that reminds owners of overdue action items and of draft reviews past their due date, through the
    /// notification outbox, once per reminder across every node sharing the store.</summary>
    /// <param name="builder">The IncidentKit builder.</param>
    /// <param name="configure">Changes to the options, or null for the defaults.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <remarks>The store is the registered <see cref="IReviewStore"/>, else the registered outbox store when it keeps reviews too
    /// (the in-memory, SQLite and PostgreSQL stores do). Invalid options fail the host's start with every problem listed.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    public static IncidentKitBuilder AddReviewReminders(this IncidentKitBuilder builder, Action<ReviewReminderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<ReviewReminderOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        builder.Services.TryAddSingleton<IValidateOptions<ReviewReminderOptions>, ReviewReminderOptionsValidator>();
        builder.Services.TryAddSingleton<ReviewReminderService>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Hosting.IHostedService, ReviewReminderService>(sp => sp.GetRequiredService<ReviewReminderService>()));
        return builder;
    }
}
