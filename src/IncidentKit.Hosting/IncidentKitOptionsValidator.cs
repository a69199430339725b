using Microsoft.Extensions.Options;

namespace IncidentKit.Hosting;

// Lists every problem rather than the first, so one failed start tells the operator everything to fix.
internal sealed class IncidentKitOptionsValidator : IValidateOptions<IncidentKitOptions>
{
    public ValidateOptionsResult Validate(string? name, IncidentKitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>(options.ConfigurationProblems);
        if (options.PollInterval <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(IncidentKitOptions.PollInterval)} must be positive, was {options.PollInterval}.");
        }

        if (options.LeaseDuration <= options.PollInterval)
        {
            problems.Add($"{nameof(IncidentKitOptions.LeaseDuration)} ({options.LeaseDuration}) must exceed {nameof(IncidentKitOptions.PollInterval)} ({options.PollInterval}), or a claim expires before its sweep ends.");
        }

        if (options.BatchSize is < 1 or > 1000)
        {
            problems.Add($"{nameof(IncidentKitOptions.BatchSize)} must be 1 to 1000, was {options.BatchSize}.");
        }

        if (options.AutoCloseResolvedAfter is { } autoClose && autoClose < TimeSpan.Zero)
        {
            problems.Add($"{nameof(IncidentKitOptions.AutoCloseResolvedAfter)} must not be negative, was {autoClose}.");
        }

        if (string.IsNullOrWhiteSpace(options.WorkerName) || options.WorkerName.Length > 200)
        {
            problems.Add($"{nameof(IncidentKitOptions.WorkerName)} must be 1 to 200 characters and not blank.");
        }

        if (options.HeartbeatTolerance is < 2 or > 100)
        {
            problems.Add($"{nameof(IncidentKitOptions.HeartbeatTolerance)} must be 2 to 100 poll intervals, was {options.HeartbeatTolerance}.");
        }

        if (options.OutboxLagDegraded <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(IncidentKitOptions.OutboxLagDegraded)} must be positive, was {options.OutboxLagDegraded}.");
        }

        if (options.OutboxLagUnhealthy < options.OutboxLagDegraded)
        {
            problems.Add($"{nameof(IncidentKitOptions.OutboxLagUnhealthy)} ({options.OutboxLagUnhealthy}) must not be less than {nameof(IncidentKitOptions.OutboxLagDegraded)} ({options.OutboxLagDegraded}).");
        }

        if (options.Workflow.ReopenWindow < NodaTime.Duration.Zero)
        {
            problems.Add($"{nameof(IncidentKitOptions.Workflow)}.{nameof(IncidentKitOptions.Workflow.ReopenWindow)} must not be negative, was {options.Workflow.ReopenWindow}.");
        }

        if (options.IncidentLinkBase is { IsAbsoluteUri: false })
        {
            problems.Add($"{nameof(IncidentKitOptions.IncidentLinkBase)} must be an absolute URL, was '{options.IncidentLinkBase}'.");
        }

        if (options.ComplexityOf is null)
        {
            problems.Add($"{nameof(IncidentKitOptions.ComplexityOf)} must be set.");
        }

        try
        {
            _ = Worker.IncidentAutomations.CreateSlaEngine(options);
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{nameof(IncidentKitOptions.SlaPolicies)}: {e}"));
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
