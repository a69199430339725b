using IncidentKit.Escalation;
using IncidentKit.OnCall;
using Microsoft.Extensions.Options;
using NodaTime;

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
            _ = Microsoft.Extensions.DependencyInjection.IncidentKitServiceCollectionExtensions.CreateSlaEngine(options);
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{nameof(IncidentKitOptions.SlaPolicies)}: {e}"));
        }

        ValidateEscalation(options, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    // Schedule targets are checked with the policy lint against the configured schedules; team and role targets against the
    // directory when it is the fixed one. The lint's other findings (unreachable levels, gaps in a schedule) are legal and
    // may be meant, so they do not stop the host.
    private static void ValidateEscalation(IncidentKitOptions options, List<string> problems)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var schedules = new List<OnCallSchedule>();
        foreach (var schedule in options.Schedules)
        {
            if (schedule is null)
            {
                problems.Add($"{nameof(IncidentKitOptions.Schedules)}: holds null.");
            }
            else if (!ids.Add(schedule.Id.Value))
            {
                problems.Add($"{nameof(IncidentKitOptions.Schedules)}: two schedules share the id '{schedule.Id}'.");
            }
            else
            {
                schedules.Add(schedule);
            }
        }

        if (options.Escalation is not { } matrix)
        {
            return;
        }

        var roster = new OnCallRoster(schedules);
        var directory = options.Directory ?? new EscalationDirectory();
        var policies = matrix.Rules.Append(matrix.Fallback).Select(r => r.Policy).DistinctBy(p => p.Id);
        foreach (var policy in policies)
        {
            foreach (var diagnostic in policy.Lint(Instant.FromUtc(2000, 1, 1, 0, 0), roster, Duration.FromHours(1)))
            {
                if (diagnostic.Code == EscalationDiagnosticCode.UnknownSchedule)
                {
                    problems.Add($"{nameof(IncidentKitOptions.Escalation)}: policy '{policy.Id}': {diagnostic.Message} Configured schedules: " +
                        $"{(ids.Count == 0 ? "none" : string.Join(", ", ids.Order(StringComparer.Ordinal)))}.");
                }
            }

            if (directory is not EscalationDirectory fixedDirectory)
            {
                continue;
            }

            var teams = fixedDirectory.TeamNames.ToHashSet(StringComparer.Ordinal);
            var roles = fixedDirectory.RoleNames.ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < policy.Levels.Count; i++)
            {
                foreach (var target in policy.Levels[i].Targets)
                {
                    if ((target.Kind == EscalationTargetKind.Team && !teams.Contains(target.Value))
                        || (target.Kind == EscalationTargetKind.Role && !roles.Contains(target.Value)))
                    {
                        var kind = target.Kind == EscalationTargetKind.Team ? "team" : "role";
                        problems.Add($"{nameof(IncidentKitOptions.Escalation)}: policy '{policy.Id}': level {i + 1} names {kind} '{target.Value}', which {nameof(IncidentKitOptions.Directory)} does not list.");
                    }
                }
            }

            // The fallback is who answers when a level resolves to nobody; it must not be a typo either.
            foreach (var target in policy.Fallback)
            {
                if ((target.Kind == EscalationTargetKind.Team && !teams.Contains(target.Value))
                    || (target.Kind == EscalationTargetKind.Role && !roles.Contains(target.Value)))
                {
                    var kind = target.Kind == EscalationTargetKind.Team ? "team" : "role";
                    problems.Add($"{nameof(IncidentKitOptions.Escalation)}: policy '{policy.Id}': the fallback names {kind} '{target.Value}', which {nameof(IncidentKitOptions.Directory)} does not list.");
                }
            }
        }
    }
}
