using System.Globalization;
using IncidentKit.Categories;
using IncidentKit.Communication;
using IncidentKit.Hosting.Configuration;
using IncidentKit.Prioritization;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace IncidentKit.Hosting;

// The validation pass of the section's own settings: turns the IncidentKitConfiguration record into options through the builders,
// adding every problem with its configuration path. A value left out keeps the option's documented default.
internal static partial class IncidentKitConfigurationReader
{
    private static void Apply(IncidentKitConfiguration c, IConfiguration section, string prefix, IncidentKitOptions options, List<string> problems)
    {
        string At(params string[] keys) => string.Join(':', keys.Prepend(prefix).Where(k => k.Length > 0));

        options.EnableWorker = c.EnableWorker ?? options.EnableWorker;
        options.ScheduleCommunication = c.ScheduleCommunication ?? options.ScheduleCommunication;
        options.BatchSize = c.BatchSize ?? options.BatchSize;
        options.HeartbeatTolerance = c.HeartbeatTolerance ?? options.HeartbeatTolerance;
        options.WorkerName = c.WorkerName ?? options.WorkerName;
        SetTimeSpan(c.PollInterval, At("PollInterval"), problems, v => options.PollInterval = v);
        SetTimeSpan(c.LeaseDuration, At("LeaseDuration"), problems, v => options.LeaseDuration = v);
        SetTimeSpan(c.OutboxLagDegraded, At("OutboxLagDegraded"), problems, v => options.OutboxLagDegraded = v);
        SetTimeSpan(c.OutboxLagUnhealthy, At("OutboxLagUnhealthy"), problems, v => options.OutboxLagUnhealthy = v);

        // Configuration cannot hold a null: an empty value, like "never", turns auto-close off.
        if (section.GetSection("AutoCloseResolvedAfter").Value is { Length: 0 } || string.Equals(c.AutoCloseResolvedAfter, "never", StringComparison.OrdinalIgnoreCase))
        {
            options.AutoCloseResolvedAfter = null;
        }
        else
        {
            SetTimeSpan(c.AutoCloseResolvedAfter, At("AutoCloseResolvedAfter"), problems, v => options.AutoCloseResolvedAfter = v);
        }

        if (c.IncidentLinkBase is { } link)
        {
            if (Uri.TryCreate(link, UriKind.Absolute, out var uri))
            {
                options.IncidentLinkBase = uri;
            }
            else
            {
                problems.Add($"{At("IncidentLinkBase")}: '{link}' is not an absolute URL.");
            }
        }

        if (c.HealthCheckTenants is { } tenants)
        {
            ReadTenants(tenants, At("HealthCheckTenants"), options, problems);
        }

        if (c.Workflow is { } workflow)
        {
            options.Workflow.AllowSkipAcknowledge = workflow.AllowSkipAcknowledge ?? options.Workflow.AllowSkipAcknowledge;
            options.Workflow.RequireAssigneeToStartWork = workflow.RequireAssigneeToStartWork ?? options.Workflow.RequireAssigneeToStartWork;
            options.Workflow.RequireResolutionVerification = workflow.RequireResolutionVerification ?? options.Workflow.RequireResolutionVerification;
            SetTimeSpan(workflow.ReopenWindow, At("Workflow", "ReopenWindow"), problems, v => options.Workflow.ReopenWindow = Duration.FromTimeSpan(v));
        }

        if (c.PriorityMatrix is { } matrix)
        {
            ReadPriorityMatrix(matrix, At("PriorityMatrix"), options, problems);
        }

        if (c.Categories is { } categories)
        {
            ReadCategories(categories, At("Categories"), options, problems);
        }

        if (c.CommunicationPlans is { } plans)
        {
            ReadCommunicationPlans(plans, At("CommunicationPlans"), options, problems);
        }
    }

    private static void ReadTenants(IReadOnlyList<string> tenants, string path, IncidentKitOptions options, List<string> problems)
    {
        var read = new List<TenantId>();
        for (var i = 0; i < tenants.Count; i++)
        {
            // A refused item stays as null (its problem is listed already), so later items keep their index.
            if (tenants[i] is not { } tenant)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(tenant) || tenant.Length > 128)
            {
                problems.Add($"{path}:{i}: expected a tenant id of 1 to 128 characters.");
                continue;
            }

            try
            {
                read.Add(new TenantId(tenant));
            }
            catch (ArgumentException ex)
            {
                // The id's own rules are the one source of truth; report them at the path.
                problems.Add($"{path}:{i}: not a tenant id ({ex.Message.Split(" (Parameter")[0]}).");
            }
        }

        options.HealthCheckTenants.Clear();
        foreach (var tenant in read)
        {
            options.HealthCheckTenants.Add(tenant);
        }
    }

    // Row i holds impact i+1; column u holds urgency u+1.
    private static void ReadPriorityMatrix(PriorityMatrixConfiguration matrix, string path, IncidentKitOptions options, List<string> problems)
    {
        if (matrix.Rows is not { Count: > 0 } rows)
        {
            problems.Add($"{path}:Rows: required, a list of rows (one per impact level) of priorities (one per urgency level) such as [[\"P1\",\"P2\"],[\"P2\",\"P3\"]].");
            return;
        }

        var count = problems.Count;
        var urgencyLevels = rows[0]?.Count ?? 0;
        if (rows.Count > 99 || urgencyLevels is < 1 or > 99)
        {
            problems.Add($"{path}:Rows: expected 1 to 99 rows of 1 to 99 priorities, found {rows.Count} rows of {urgencyLevels}.");
            return;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if ((rows[i]?.Count ?? 0) != urgencyLevels)
            {
                problems.Add($"{path}:Rows:{i}: has {rows[i]?.Count ?? 0} priorities where the first row has {urgencyLevels}; every impact row needs one per urgency level.");
            }
        }

        var builder = new PriorityMatrixBuilder(rows.Count, urgencyLevels);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i] ?? [];
            for (var u = 0; u < Math.Min(urgencyLevels, row.Count); u++)
            {
                if (TryParsePriority(row[u] ?? string.Empty, $"{path}:Rows:{i}:{u}", problems) is { } priority)
                {
                    builder.Set(new Impact(i + 1), new Urgency(u + 1), priority);
                }
            }
        }

        foreach (var (key, label) in matrix.Labels ?? new Dictionary<string, string>())
        {
            if (TryParsePriority(key, $"{path}:Labels:{key}", problems) is not { } priority)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(label))
            {
                problems.Add($"{path}:Labels:{key}: expected a non-empty label.");
            }
            else
            {
                builder.Label(priority, label);
            }
        }

        if (problems.Count > count)
        {
            return;
        }

        try
        {
            options.PriorityMatrix = builder.Build();
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{path}: {e}"));
        }
    }

    // "Categories": { "Network": { "AssignmentGroup": "netops" }, "Network/VPN": { "Urgency": 2 } }; a child inherits what it leaves out.
    private static void ReadCategories(IReadOnlyDictionary<string, CategoryConfiguration?> categories, string path, IncidentKitOptions options, List<string> problems)
    {
        var count = problems.Count;
        var builder = new CategoryTreeBuilder();
        foreach (var (key, defaults) in categories)
        {
            try
            {
                _ = new CategoryPath(key);
            }
            catch (ArgumentException)
            {
                problems.Add($"{path}:{key}: '{key}' is not a category path (expected up to 8 non-empty segments of at most 64 characters separated by '/', such as \"Network/VPN\").");
                continue;
            }

            if (defaults?.AssignmentGroup is { } group && string.IsNullOrWhiteSpace(group))
            {
                problems.Add($"{path}:{key}:AssignmentGroup: expected a group name, found an empty one.");
                continue;
            }

            try
            {
                builder.Add(key, defaults is null ? null : new CategoryDefaults(
                    defaults.AssignmentGroup,
                    defaults.Impact is { } impact ? new Impact(impact) : null,
                    defaults.Urgency is { } urgency ? new Urgency(urgency) : null));
            }
            catch (ArgumentException ex)
            {
                problems.Add($"{path}:{key}: {ex.Message.Split(" (Parameter")[0]}");
            }
        }

        if (problems.Count > count)
        {
            return;
        }

        try
        {
            options.Categories = builder.Build();
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{path}: {ex.Message.Split(" (Parameter")[0]}");
        }
    }

    private static void ReadCommunicationPlans(CommunicationPlansConfiguration plans, string path, IncidentKitOptions options, List<string> problems)
    {
        var count = problems.Count;
        var set = CommunicationPlans.Default;
        if (plans.Fallback is { } fallback && ReadPlan(fallback, "fallback", $"{path}:Fallback", problems) is { } fallbackPlan)
        {
            // A fallback of its own starts from a clean set: only the priorities listed here get their own plan.
            set = CommunicationPlans.Create(fallbackPlan);
        }

        foreach (var (key, plan) in plans.Priorities ?? new Dictionary<string, CommunicationPlanConfiguration>())
        {
            var priority = TryParsePriority(key, $"{path}:Priorities:{key}", problems);
            if (plan is not null && ReadPlan(plan, key, $"{path}:Priorities:{key}", problems) is { } read && priority is { } p)
            {
                set = set.With(p, read);
            }
        }

        if (problems.Count == count)
        {
            options.CommunicationPlans = set;
        }
    }

    private static CommunicationPlan? ReadPlan(CommunicationPlanConfiguration plan, string defaultName, string path, List<string> problems)
    {
        var count = problems.Count;
        var name = plan.Name ?? defaultName;
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add($"{path}:Name: expected a plan name, found an empty one.");
            return null;
        }

        var builder = new CommunicationPlanBuilder(name);
        builder.NotifyOn([.. plan.NotifyOn ?? []]);
        if (plan.NotifyOnStateChanges == true)
        {
            builder.NotifyOnStateChanges();
        }

        if (plan.Channels is { } channels)
        {
            builder.UseChannels([.. channels]);
        }

        Duration? every = null, remind = null, summary = null;
        SetTimeSpan(plan.StatusUpdateEvery, $"{path}:StatusUpdateEvery", problems, v => every = Duration.FromTimeSpan(v));
        SetTimeSpan(plan.RemindBefore, $"{path}:RemindBefore", problems, v => remind = Duration.FromTimeSpan(v));
        SetTimeSpan(plan.ExecutiveSummaryEvery, $"{path}:ExecutiveSummaryEvery", problems, v => summary = Duration.FromTimeSpan(v));
        builder.StatusUpdateEvery(every, remind);

        var recipients = new List<Recipient>();
        var given = plan.ExecutiveRecipients ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            try
            {
                recipients.Add(Recipient.Parse(given[i] ?? string.Empty));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                problems.Add($"{path}:ExecutiveRecipients:{i}: '{given[i]}' is not a recipient (expected \"user:<id>\", \"group:<name>\" or \"address:<address>\").");
            }
        }

        builder.ExecutiveSummaryEvery(summary, [.. recipients]);
        builder.NotifyOwnerOfEvents(plan.NotifyOwner ?? true);
        if (problems.Count > count)
        {
            return null;
        }

        try
        {
            return builder.Build();
        }
        catch (ConfigurationValidationException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"{path}: {e}"));
            return null;
        }
    }

    private static void SetTimeSpan(string? text, string path, List<string> problems, Action<TimeSpan> set)
    {
        if (text is null)
        {
            return;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
        {
            set(parsed);
        }
        else
        {
            problems.Add($"{path}: '{text}' is not a time span such as \"00:00:05\" or \"3.00:00:00\".");
        }
    }

    private static Priority? TryParsePriority(string text, string path, List<string> problems)
    {
        try
        {
            return Priority.Parse(text);
        }
        catch (FormatException)
        {
            problems.Add($"{path}: '{text}' is not a priority (expected P1 to P99).");
            return null;
        }
    }
}
