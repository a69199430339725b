using Ardalis.GuardClauses;
using IncidentKit.Categories;
using IncidentKit.Guards;
using NodaTime;

namespace IncidentKit.Runbooks;

/// <summary>Represents a runbook: a versioned, ordered list of steps for resolving a kind of incident, and which incidents it is for.</summary>
/// <remarks>Write runbooks as Markdown (IncidentKit.Runbooks' <c>RunbookMarkdown</c>) or JSON (<see cref="FromJson"/>); keep them in a
/// <see cref="RunbookLibrary"/>. An incident gets a <see cref="RunbookSnapshot"/> of the version attached, so editing the runbook
/// changes nothing in flight.</remarks>
/// <threadsafety>This type is immutable and thread-safe.</threadsafety>
public sealed class Runbook
{
    /// <summary>The most steps a runbook has.</summary>
    public const int MaxSteps = 200;

    /// <summary>The longest step text, in characters.</summary>
    public const int MaxStepTextLength = 1000;

    /// <summary>The longest expected duration of a step.</summary>
    public static readonly Duration MaxStepDuration = Duration.FromDays(7);

    /// <summary>Initializes a runbook and checks it.</summary>
    /// <param name="id">The id: 1 to 100 letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</param>
    /// <param name="version">The version, from 1.</param>
    /// <param name="title">The title, one line of at most 200 characters.</param>
    /// <param name="steps">The steps, 1 to <see cref="MaxSteps"/>: one line of text each, a positive expected duration of at most
    /// <see cref="MaxStepDuration"/> if any, and absolute http or https links.</param>
    /// <param name="selector">Which incidents it is for; <see langword="null"/> for none (it is then attached only by hand).</param>
    /// <exception cref="ArgumentException">An argument breaks a rule above; the message names the field.</exception>
    public Runbook(string id, int version, string title, IReadOnlyList<RunbookStep> steps, RunbookSelector? selector = null)
    {
        Guard.Against.InvalidLine(id, 100);
        if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"Expected an id of letters, digits, '-', '_' or '.' but got '{id}'.", nameof(id));
        }

        Guard.Against.NegativeOrZero(version);
        Guard.Against.InvalidLine(title, 200);
        Guard.Against.Null(steps);
        if (steps.Count is 0 or > MaxSteps)
        {
            throw new ArgumentException($"Expected 1 to {MaxSteps} steps but got {steps.Count}.", nameof(steps));
        }

        for (var i = 0; i < steps.Count; i++)
        {
            CheckStep(steps[i], $"{nameof(steps)}[{i}]");
        }

        Id = id;
        Version = version;
        Title = title;
        Steps = [.. steps];
        Selector = selector ?? new RunbookSelector([], [], new Dictionary<string, string>());
    }

    /// <summary>Gets the id.</summary>
    public string Id { get; }

    /// <summary>Gets the version.</summary>
    public int Version { get; }

    /// <summary>Gets the title.</summary>
    public string Title { get; }

    /// <summary>Gets the steps, in order.</summary>
    public IReadOnlyList<RunbookStep> Steps { get; }

    /// <summary>Gets which incidents the runbook is for.</summary>
    public RunbookSelector Selector { get; }

    /// <summary>Reads a runbook from JSON (see <see cref="RunbookJson"/> for the shape).</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The file name, for messages; <see langword="null"/> for none.</param>
    /// <returns>The runbook.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="RunbookFormatException">The text is not a valid runbook; every problem is listed with its line.</exception>
    public static Runbook FromJson(string json, string? source = null) => RunbookJson.Parse(json, source);

    /// <summary>Returns the snapshot attached to incidents.</summary>
    /// <returns>The snapshot.</returns>
    public RunbookSnapshot ToSnapshot() => new(Id, Version, Title, Steps);

    /// <summary>Returns the runbook's id and version.</summary>
    /// <returns>The text, e.g. <c>db-failover v3</c>.</returns>
    public override string ToString() => $"{Id} v{Version}";

    internal static void CheckStep(RunbookStep step, string name)
    {
        Guard.Against.Null(step, name);
        Guard.Against.InvalidLine(step.Text, MaxStepTextLength, $"{name}.{nameof(step.Text)}");
        if (step.ExpectedDuration is { } d && (d <= Duration.Zero || d > MaxStepDuration))
        {
            throw new ArgumentException($"Expected a duration above zero and at most 7 days but got {d}.", $"{name}.{nameof(step.ExpectedDuration)}");
        }

        Guard.Against.Null(step.Links, $"{name}.{nameof(step.Links)}");
        foreach (var link in step.Links)
        {
            if (link is null || !link.IsAbsoluteUri || (link.Scheme != Uri.UriSchemeHttp && link.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"Expected absolute http or https links but got '{link}'.", $"{name}.{nameof(step.Links)}");
            }
        }
    }
}
