using System.Text;
using Ardalis.GuardClauses;

namespace IncidentKit.Communication;

/// <summary>Represents a subject and body with placeholders such as <c>{title}</c>, <c>{priority}</c>, <c>{state}</c> and <c>{link}</c>.</summary>
/// <remarks>
/// <para>A placeholder is a field name in braces; <c>{{</c> and <c>}}</c> write a literal brace. The fields are listed in
/// <see cref="Fields"/>; a field without a value (an incident with no service, an event with no text) renders as
/// <c>n/a</c>, except <c>{text}</c> and <c>{description}</c>, which render empty.</para>
/// <para>Templates are parsed when created, so a typo such as <c>{titel}</c> fails at configuration time, not when a P1 is paged.</para>
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class NotificationTemplate
{
    private readonly Segment[] _subject;
    private readonly Segment[] _body;

    /// <summary>Initializes a template from its subject and body.</summary>
    /// <param name="subject">The subject line; one line, with placeholders.</param>
    /// <param name="body">The body, with placeholders.</param>
    /// <exception cref="ArgumentException">The subject is empty or spans lines, or a text names an unknown field or has an unmatched brace.</exception>
    public NotificationTemplate(string subject, string body)
    {
        Guard.Against.NullOrWhiteSpace(subject);
        Guard.Against.Null(body);
        var problems = new List<string>();
        if (subject.Contains('\n', StringComparison.Ordinal))
        {
            problems.Add("The subject is one line.");
        }

        _subject = Parse(subject, "subject", problems);
        _body = Parse(body, "body", problems);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), problems[0].Contains("body", StringComparison.Ordinal) ? nameof(body) : nameof(subject));
        }

        Subject = subject;
        Body = body;
    }

    /// <summary>Gets the field names a template may use.</summary>
    /// <value>title, id, tenant, priority, state, link, service, category, assignee, group, impact, urgency, description,
    /// actor, at, event, text, audience, target, dueAt, openedAt, age, and for escalation pages level, round, kind, trigger, recipients.</value>
    public static IReadOnlyList<string> Fields { get; } =
    [
        "title", "id", "tenant", "priority", "state", "link", "service", "category", "assignee", "group", "impact", "urgency",
        "description", "actor", "at", "event", "text", "audience", "target", "dueAt", "openedAt", "age", "level", "round", "kind", "trigger", "recipients",
    ];

    /// <summary>Gets the subject template.</summary>
    public string Subject { get; }

    /// <summary>Gets the body template.</summary>
    public string Body { get; }

    /// <summary>Returns the subject and body with every placeholder replaced.</summary>
    /// <param name="fields">The field values; a missing or null value renders as <c>n/a</c> (empty for <c>text</c> and <c>description</c>).</param>
    /// <returns>The rendered subject and body.</returns>
    public RenderedNotification Render(IReadOnlyDictionary<string, string?> fields)
    {
        Guard.Against.Null(fields);
        return new RenderedNotification(Render(_subject, fields).Trim(), Render(_body, fields).Trim());
    }

    private static string Render(Segment[] segments, IReadOnlyDictionary<string, string?> fields)
    {
        var text = new StringBuilder();
        foreach (var s in segments)
        {
            if (!s.IsField)
            {
                text.Append(s.Text);
            }
            else if (fields.TryGetValue(s.Text, out var value) && value is not null)
            {
                text.Append(value);
            }
            else if (s.Text is not ("text" or "description"))
            {
                text.Append("n/a");
            }
        }

        return text.ToString();
    }

    private static Segment[] Parse(string template, string part, List<string> problems)
    {
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var end = template.IndexOf('}', i + 1);
                if (end < 0)
                {
                    problems.Add($"The {part} has a '{{' at position {i} without a closing '}}'.");
                    break;
                }

                var name = template[(i + 1)..end];
                if (!Fields.Contains(name, StringComparer.Ordinal))
                {
                    problems.Add($"The {part} uses the unknown field '{{{name}}}'; known fields are {string.Join(", ", Fields)}.");
                }

                if (literal.Length > 0)
                {
                    segments.Add(new Segment(literal.ToString(), IsField: false));
                    literal.Clear();
                }

                segments.Add(new Segment(name, IsField: true));
                i = end;
            }
            else if (c == '}')
            {
                problems.Add($"The {part} has a '}}' at position {i} without an opening '{{' (write '}}}}' for a literal brace).");
            }
            else
            {
                literal.Append(c);
            }
        }

        if (literal.Length > 0)
        {
            segments.Add(new Segment(literal.ToString(), IsField: false));
        }

        return [.. segments];
    }

    private readonly record struct Segment(string Text, bool IsField);
}
