using Ardalis.GuardClauses;
using IncidentKit.Guards;
using IncidentKit.Incidents.Events;
using NodaTime;

namespace IncidentKit.Incidents;

public sealed partial class Incident
{
    /// <summary>Adds a link as evidence (a dashboard, a log query, a ticket).</summary>
    /// <param name="evidenceId">The evidence's id, unique within the incident (1 to 64 characters).</param>
    /// <param name="title">What it shows.</param>
    /// <param name="url">An absolute http or https address.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is closed or cancelled.</exception>
    /// <exception cref="ArgumentException">The id or title is empty or too long, the address is not absolute http(s), the id is used
    /// already, <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void AddEvidenceLink(string evidenceId, string title, Uri url, Instant at, UserId actor)
    {
        Guard.Against.Null(url);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("Evidence links are absolute http or https addresses.", nameof(url));
        }

        AddEvidence(new EvidenceAdded(NewEventId(at), at, actor) { EvidenceId = evidenceId, Title = title, Url = url });
    }

    /// <summary>Records a file stored as evidence (its bytes live in a blob store; the event holds what describes them).</summary>
    /// <param name="evidenceId">The evidence's id, unique within the incident (1 to 64 characters).</param>
    /// <param name="title">What it shows.</param>
    /// <param name="fileName">The file's name.</param>
    /// <param name="contentType">Its checked content type.</param>
    /// <param name="size">Its size in bytes.</param>
    /// <param name="sha256">Its SHA-256 as hex.</param>
    /// <param name="at">When.</param>
    /// <param name="actor">Who.</param>
    /// <exception cref="InvalidIncidentTransitionException">The incident is closed or cancelled.</exception>
    /// <exception cref="ArgumentException">A text is empty or too long, the size is negative, the id is used already,
    /// <paramref name="actor"/> is unset, or <paramref name="at"/> precedes the opening.</exception>
    public void AddEvidenceFile(string evidenceId, string title, string fileName, string contentType, long size, string sha256, Instant at, UserId actor)
    {
        Guard.Against.InvalidText(fileName, 255);
        Guard.Against.InvalidText(contentType, 128);
        Guard.Against.Negative(size);
        Guard.Against.InvalidText(sha256, 64);
        AddEvidence(new EvidenceAdded(NewEventId(at), at, actor)
        {
            EvidenceId = evidenceId,
            Title = title,
            FileName = fileName,
            ContentType = contentType,
            Size = size,
            Sha256 = sha256,
        });
    }

    /// <summary>Gets the evidence added so far, oldest first.</summary>
    public IReadOnlyList<EvidenceAdded> Evidence => [.. _events.OfType<EvidenceAdded>()];

    // Evidence may be added while the incident is open or resolved (a post-incident review adds it late), never once final.
    private void AddEvidence(EvidenceAdded e)
    {
        Guard.Against.InvalidText(e.EvidenceId, 64, nameof(e.EvidenceId));
        Guard.Against.InvalidText(e.Title, MaxShortTextLength, nameof(e.Title));
        CheckTimeAndActor(e.At, e.Actor);
        if (State is IncidentState.Closed or IncidentState.Cancelled)
        {
            throw new InvalidIncidentTransitionException(State, IncidentCommand.AddWorkNote, PermittedCommands(e.At),
                ["evidence is added while the incident is open or resolved"]);
        }

        EnsureNewEvidence(e.EvidenceId);
        Record(e);
    }

    private void EnsureNewEvidence(string evidenceId)
    {
        if (_events.OfType<EvidenceAdded>().Any(x => x.EvidenceId == evidenceId))
        {
            throw new ArgumentException($"The incident has evidence '{evidenceId}' already.", nameof(evidenceId));
        }
    }
}
