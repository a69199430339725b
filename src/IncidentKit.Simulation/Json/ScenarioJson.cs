using System.Globalization;
using System.Text.Json;
using IncidentKit.Alerts;
using IncidentKit.Calendars;
using IncidentKit.Categories;
using IncidentKit.Escalation;
using IncidentKit.Incidents;
using IncidentKit.OnCall;
using IncidentKit.Prioritization;
using IncidentKit.Sla;
using NodaTime;
using NodaTime.Text;

namespace IncidentKit.Simulation.Json;

// The validation pass: turns the documents into a Scenario, collecting every problem with its JSON path. The configuration
// parts go through the core's readers; their problems come back with the path rebased under the scenario's.
internal static class ScenarioJson
{
    internal const string ScenarioSubject = "simulation scenario";
    internal const string ConfigurationSubject = "simulation configuration";
    private const int MaxInjects = 1_000_000;

    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    // withLines: whether a JSON error names its line (not for JSON made from YAML, whose lines are not the file's; the path is).
    public static Scenario ParseScenario(string json, SimulationConfiguration? given, bool withLines = true)
    {
        var problems = new List<string>();
        var document = Deserialize(json, ScenarioJsonContext.Default.ScenarioDocument, problems, withLines);
        if (document is null)
        {
            throw new ConfigurationValidationException(ScenarioSubject, problems.Count > 0 ? problems : ["$: expected a JSON object, found null."]);
        }

        var zone = document.TimeZone is null ? DateTimeZone.Utc : Zone(document.TimeZone, "$.timeZone", problems);
        var until = Required(document.Until, "$.until", problems);
        var configuration = (document.Configuration, given) switch
        {
            (null, null) => Missing<SimulationConfiguration>("$.configuration", problems),
            (null, { } g) => g,
            ({ }, { }) => Refused<SimulationConfiguration>("$.configuration", "the configuration was also given in code; give it in one place", problems),
            ({ } d, null) => ReadConfiguration(d, "$.configuration", problems),
        };
        var night = (Start: new LocalTime(22, 0), End: new LocalTime(7, 0));
        if (document.Night is { } n)
        {
            night = (Time(n.Start, "$.night.start", problems) ?? night.Start, Time(n.End, "$.night.end", problems) ?? night.End);
        }

        var defaultResponder = new ResponderBehaviour();
        var responders = new Dictionary<UserId, ResponderBehaviour>();
        if (document.Responders is { } r)
        {
            if (r.Default is { } d)
            {
                defaultResponder = Responder(d, "$.responders.default", problems);
            }

            foreach (var (name, person) in (r.People ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                var path = $"$.responders.people['{name}']";
                if (person is null || string.IsNullOrWhiteSpace(name))
                {
                    problems.Add($"{path}: expected a person's behaviour under a non-empty user id.");
                    continue;
                }

                responders[new UserId(name)] = Responder(person, path, problems);
            }
        }

        var items = document.Injects ?? [];
        if (items.Count > MaxInjects)
        {
            problems.Add($"$.injects: has {items.Count} injects; at most {MaxInjects} are played (use \"load\" for steady traffic).");
        }

        var injects = Each(items.Count > MaxInjects ? items.GetRange(0, MaxInjects) : items, "$.injects", "an inject", problems, Inject);
        var load = Each(document.Load ?? [], "$.load", "a load", problems, Load);

        var resolveAfter = document.ResolveAfter is null ? null : Delay(document.ResolveAfter, "$.resolveAfter", problems);
        var tenant = document.Tenant is null ? TenantId.Default : Text(document.Tenant, "$.tenant", problems, t => new TenantId(t));
        if (document.Name is { Length: 0 or > 200 })
        {
            problems.Add("$.name: expected 1 to 200 characters.");
        }

        if (document.DrillChannel is { Length: 0 or > 100 })
        {
            problems.Add("$.drillChannel: expected 1 to 100 characters.");
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationValidationException(ScenarioSubject, problems);
        }

        return new Scenario
        {
            Name = document.Name ?? "scenario",
            Seed = document.Seed ?? 0,
            Tenant = tenant,
            Until = until!.Value,
            Zone = zone!,
            NightStart = night.Start,
            NightEnd = night.End,
            Configuration = configuration!,
            Responders = responders,
            DefaultResponder = defaultResponder,
            Injects = injects,
            Load = load,
            ResolveAfter = resolveAfter ?? DelayDistribution.Fixed(Duration.FromMinutes(30)),
            IsExercise = document.Exercise ?? false,
            DrillChannel = document.DrillChannel ?? "drill",
            IncludeTimelines = document.Timelines ?? true,
        };
    }

    public static SimulationConfiguration ParseConfiguration(string json, bool withLines = true)
    {
        var problems = new List<string>();
        var document = Deserialize(json, ScenarioJsonContext.Default.ConfigurationDocument, problems, withLines);
        var configuration = document is null ? null : ReadConfiguration(document, "$", problems);
        if (problems.Count > 0 || configuration is null)
        {
            throw new ConfigurationValidationException(ConfigurationSubject, problems.Count > 0 ? problems : ["$: expected a JSON object, found null."]);
        }

        return configuration;
    }

    private static T? Deserialize<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info, List<string> problems, bool withLines)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, info);
        }
        catch (JsonException ex)
        {
            var where = withLines && ex.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {ex.BytePositionInLine + 1})") : "";
            problems.Add($"{ex.Path ?? "$"}: {FirstSentence(ex.Message)}{where}");
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static SimulationConfiguration? ReadConfiguration(ConfigurationDocument d, string path, List<string> problems)
    {
        var before = problems.Count;
        var roster = d.Schedules is { } schedules
            ? Core(path + ".schedules", problems, () => OnCallRoster.FromJson($"{{\"schedules\":{schedules.GetRawText()}}}"), "$.schedules")
            : new OnCallRoster([]);
        var matrix = d.Escalation is { } escalation
            ? Core(path + ".escalation", problems, () => EscalationMatrix.FromJson(escalation.GetRawText()), "$")
            : Missing<EscalationMatrix>(path + ".escalation", problems);
        var directory = d.Directory is { } dir
            ? Core(path + ".directory", problems, () => EscalationDirectory.FromJson(dir.GetRawText()), "$")
            : new EscalationDirectory();
        var calendars = new Dictionary<string, BusinessCalendar>(StringComparer.Ordinal);
        foreach (var (name, calendar) in (d.Calendars ?? []).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            if (Core($"{path}.calendars['{name}']", problems, () => BusinessCalendar.FromJson(calendar.GetRawText()), "$") is { } c)
            {
                calendars[name] = c;
            }
        }

        SlaEngine? sla = null;
        if (d.SlaPolicies is { } policies && Core(path + ".slaPolicies", problems, () => SlaPolicySet.FromJson(policies.GetRawText()), "$") is { } set)
        {
            sla = Core(path + ".slaPolicies", problems, () => new SlaEngine(set, calendars), "$");
        }

        var routes = Each(d.Routes ?? [], path + ".routes", "a route", problems, Route);

        var table = routes.Count == 0 ? AlertRoutingTable.Empty : Core(path + ".routes", problems, () => AlertRoutingTable.Build(routes), "$");
        if (d.Name is { Length: 0 or > 100 })
        {
            problems.Add($"{path}.name: expected 1 to 100 characters.");
        }

        if (problems.Count > before || roster is null || matrix is null || directory is null || table is null)
        {
            return null;
        }

        // The engine refuses a policy naming a schedule, team or role nobody defined; say so under the escalation's path.
        if (Core(path + ".escalation", problems, () => new EscalationEngine(matrix, roster, directory), "$") is null)
        {
            return null;
        }

        return new SimulationConfiguration
        {
            Name = d.Name ?? "configuration",
            Roster = roster,
            Escalation = matrix,
            Directory = directory,
            Sla = sla,
            Routes = table,
        };
    }

    // Runs one of the core's readers and rebases the paths of its problems ("$.policies[0]" read from "$.configuration.escalation"
    // becomes "$.configuration.escalation.policies[0]").
    private static T? Core<T>(string path, List<string> problems, Func<T> read, string rootInCore)
        where T : class
    {
        try
        {
            return read();
        }
        catch (ConfigurationValidationException ex)
        {
            foreach (var error in ex.Errors)
            {
                problems.Add(Rebase(error, path, rootInCore));
            }
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{path}: {ex.Message}");
        }

        return null;
    }

    private static string Rebase(string error, string path, string rootInCore) =>
        error.StartsWith(rootInCore, StringComparison.Ordinal) ? path + error[rootInCore.Length..]
        : error.StartsWith('$') ? path + error[1..]
        : $"{path}: {error}";

    // Converts the documents of a list: a null item is a problem, and an item the converter refuses (null) is left out.
    private static List<T> Each<TDocument, T>(List<TDocument?> items, string path, string what, List<string> problems, Func<TDocument, string, List<string>, T?> convert)
        where TDocument : class
        where T : class
    {
        var converted = new List<T>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item)
            {
                problems.Add($"{path}[{i}]: expected {what} object, found null.");
            }
            else if (convert(item, $"{path}[{i}]", problems) is { } value)
            {
                converted.Add(value);
            }
        }

        return converted;
    }

    private static AlertRoute? Route(RouteDocument d, string path, List<string> problems)
    {
        var before = problems.Count;
        var name = Text(d.Name, path + ".name", problems, n => n, required: true);
        var impact = d.Impact is null ? (Impact?)null : ImpactOf(d.Impact, path + ".impact", problems);
        var urgency = d.Urgency is null ? (Urgency?)null : UrgencyOf(d.Urgency, path + ".urgency", problems);
        CategoryPath? category = d.Category is null ? null : Text(d.Category, path + ".category", problems, c => (CategoryPath?)new CategoryPath(c));
        for (var i = 0; i < (d.Matchers?.Count ?? 0); i++)
        {
            Text(d.Matchers![i], $"{path}.matchers[{i}]", problems, m => (object)LabelMatcher.Parse(m));
        }

        return problems.Count > before ? null : new AlertRoute
        {
            Name = name!,
            Matchers = d.Matchers ?? [],
            Drop = d.Drop ?? false,
            Service = d.Service,
            Category = category,
            Impact = impact,
            Urgency = urgency,
            GroupBy = d.GroupBy ?? [],
        };
    }

    private static ResponderBehaviour Responder(ResponderDocument d, string path, List<string> problems)
    {
        var unavailable = new List<Interval>();
        var windows = d.Unavailable ?? [];
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            var wp = $"{path}.unavailable[{i}]";
            if (w is null)
            {
                problems.Add($"{wp}: expected {{ \"from\": ..., \"to\": ... }}, found null.");
                continue;
            }

            var from = Required(w.From, wp + ".from", problems);
            var to = Required(w.To, wp + ".to", problems);
            if (from is { } f && to is { } t)
            {
                if (t <= f)
                {
                    problems.Add($"{wp}.to: {SimulationText.At(t)} is not after from ({SimulationText.At(f)}).");
                }
                else
                {
                    unavailable.Add(new Interval(f, t));
                }
            }
        }

        var behaviour = new ResponderBehaviour
        {
            NeverAnswers = d.NeverAnswers ?? false,
            Unavailable = unavailable,
            Zone = d.TimeZone is null ? null : Zone(d.TimeZone, path + ".timeZone", problems),
            AcknowledgeAtNight = d.AcknowledgeAtNight is null ? null : Delay(d.AcknowledgeAtNight, path + ".acknowledgeAtNight", problems),
        };
        return d.Acknowledge is null ? behaviour : behaviour with { Acknowledge = Delay(d.Acknowledge, path + ".acknowledge", problems) ?? behaviour.Acknowledge };
    }

    private static ScenarioInject? Inject(InjectDocument d, string path, List<string> problems)
    {
        var before = problems.Count;
        var at = Required(d.At, path + ".at", problems);
        if ((d.Incident is null) == (d.Alert is null))
        {
            problems.Add($"{path}: expected exactly one of \"incident\" and \"alert\".");
        }

        NewIncident? incident = null;
        if (d.Incident is { } i)
        {
            var title = Text(i.Title, path + ".incident.title", problems, t => t, required: true);
            incident = new NewIncident
            {
                Title = title ?? "",
                Description = i.Description,
                Impact = i.Impact is null ? null : ImpactOf(i.Impact, path + ".incident.impact", problems),
                Urgency = i.Urgency is null ? null : UrgencyOf(i.Urgency, path + ".incident.urgency", problems),
                Category = i.Category is null ? null : Text(i.Category, path + ".incident.category", problems, c => (CategoryPath?)new CategoryPath(c)),
                Service = i.Service,
                AssignmentGroup = i.AssignmentGroup,
            };
        }

        Alert? alert = null;
        if (d.Alert is { } a)
        {
            var key = Text(a.Key, path + ".alert.key", problems, k => k, required: true);
            var summary = Text(a.Summary, path + ".alert.summary", problems, s => s, required: true);
            alert = new Alert
            {
                Integration = a.Integration ?? "simulation",
                Key = key ?? "",
                Status = AlertStatus.Firing,
                StartsAt = at ?? Instant.MinValue,
                Summary = summary ?? "",
                Severity = a.Severity,
                Labels = (a.Labels ?? []).ToDictionary(StringComparer.Ordinal),
            };
        }
        else if (d.FiresFor is not null)
        {
            problems.Add($"{path}.firesFor: only an alert fires; an incident is resolved by its owner (\"resolveAfter\").");
        }

        var resolveAfter = d.ResolveAfter is null ? null : Delay(d.ResolveAfter, path + ".resolveAfter", problems);
        var firesFor = d.FiresFor is null ? null : Delay(d.FiresFor, path + ".firesFor", problems);
        return problems.Count > before ? null : new ScenarioInject
        {
            At = at!.Value,
            Incident = incident,
            Alert = alert,
            ResolveAfter = resolveAfter,
            FiresFor = firesFor,
            Note = d.Note,
        };
    }

    private static LoadProfile? Load(LoadDocument d, string path, List<string> problems)
    {
        var before = problems.Count;
        var service = Text(d.Service, path + ".service", problems, s => s, required: true);
        var from = Required(d.From, path + ".from", problems);
        var to = Required(d.To, path + ".to", problems);
        if (from is { } f && to is { } t && t <= f)
        {
            problems.Add($"{path}.to: {SimulationText.At(t)} is not after from ({SimulationText.At(f)}).");
        }

        if (d.PerDay is not { } perDay || !(perDay > 0 && perDay <= 10_000))
        {
            problems.Add($"{path}.perDay: expected a number of incidents per day, more than 0 and at most 10000{(d.PerDay is { } p ? string.Create(CultureInfo.InvariantCulture, $", found {p}") : ", found none")}.");
        }

        var profile = new LoadProfile
        {
            Service = service ?? "",
            Category = d.Category is null ? null : Text(d.Category, path + ".category", problems, c => (CategoryPath?)new CategoryPath(c)),
            PerDay = d.PerDay ?? 0,
            From = from ?? Instant.MinValue,
            To = to ?? Instant.MinValue,
            Impact = d.Impact is null ? Impact.Medium : ImpactOf(d.Impact, path + ".impact", problems),
            Urgency = d.Urgency is null ? Urgency.Medium : UrgencyOf(d.Urgency, path + ".urgency", problems),
            ResolveAfter = d.ResolveAfter is null ? null : Delay(d.ResolveAfter, path + ".resolveAfter", problems),
        };
        return problems.Count > before ? null : profile;
    }

    private static DelayDistribution? Delay(DelayDocument d, string path, List<string> problems)
    {
        var given = (d.Fixed is null ? 0 : 1) + (d.Uniform is null ? 0 : 1) + (d.LogNormal is null ? 0 : 1);
        if (given != 1)
        {
            problems.Add($"{path}: expected exactly one of \"fixed\", \"uniform\" and \"logNormal\", found {given}.");
            return null;
        }

        if (d.Fixed is { } fixedText)
        {
            return Span(fixedText, path + ".fixed", problems) is { } f ? DelayDistribution.Fixed(f) : null;
        }

        if (d.Uniform is { } u)
        {
            var min = Span(u.Min, path + ".uniform.min", problems);
            var max = Span(u.Max, path + ".uniform.max", problems);
            if (min is { } lo && max is { } hi)
            {
                if (hi < lo)
                {
                    problems.Add($"{path}.uniform.max: {SimulationText.Span(hi)} is below min ({SimulationText.Span(lo)}).");
                    return null;
                }

                return DelayDistribution.Uniform(lo, hi);
            }

            return null;
        }

        var l = d.LogNormal!;
        var median = Span(l.Median, path + ".logNormal.median", problems);
        if (median is { } m && m <= Duration.Zero)
        {
            problems.Add($"{path}.logNormal.median: expected more than zero.");
            return null;
        }

        if (l.Sigma is not { } sigma || !(sigma >= 0 && sigma <= 3))
        {
            problems.Add($"{path}.logNormal.sigma: expected a number from 0 to 3{(l.Sigma is { } s ? string.Create(CultureInfo.InvariantCulture, $", found {s}") : ", found none")}.");
            return null;
        }

        return median is { } md ? DelayDistribution.LogNormal(md, sigma) : null;
    }

    private static Duration? Span(string? text, string path, List<string> problems)
    {
        if (text is null)
        {
            problems.Add($"{path}: is required (a duration such as \"5m\", \"1h30m\" or \"PT4H\").");
            return null;
        }

        if (!IncidentKit.Configuration.DurationText.TryParse(text, allowDays: true, out var duration, out var problem))
        {
            problems.Add($"{path}: {problem}.");
            return null;
        }

        return duration;
    }

    private static Instant? Required(string? text, string path, List<string> problems)
    {
        if (text is null)
        {
            problems.Add($"{path}: is required (an instant such as \"2026-03-29T00:55:00Z\").");
            return null;
        }

        var result = InstantPattern.ExtendedIso.Parse(text);
        if (!result.Success)
        {
            problems.Add($"{path}: '{Shorten(text)}' is not a UTC instant such as \"2026-03-29T00:55:00Z\".");
            return null;
        }

        return result.Value;
    }

    private static LocalTime? Time(string? text, string path, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        var result = TimePattern.Parse(text);
        if (!result.Success)
        {
            problems.Add($"{path}: '{Shorten(text)}' is not a local time such as \"22:00\".");
            return null;
        }

        return result.Value;
    }

    private static DateTimeZone? Zone(string text, string path, List<string> problems)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(text);
        if (zone is null)
        {
            problems.Add($"{path}: '{Shorten(text)}' is not an IANA time zone such as \"Europe/London\".");
        }

        return zone;
    }

    private static Impact ImpactOf(string text, string path, List<string> problems) => text.ToUpperInvariant() switch
    {
        "HIGH" => Impact.High,
        "MEDIUM" => Impact.Medium,
        "LOW" => Impact.Low,
        _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 99 => new Impact(level),
        _ => Refuse(Impact.Medium, path, text, problems),
    };

    private static Urgency UrgencyOf(string text, string path, List<string> problems) => text.ToUpperInvariant() switch
    {
        "HIGH" => Urgency.High,
        "MEDIUM" => Urgency.Medium,
        "LOW" => Urgency.Low,
        _ when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 99 => new Urgency(level),
        _ => Refuse(Urgency.Medium, path, text, problems),
    };

    private static T Refuse<T>(T fallback, string path, string text, List<string> problems)
    {
        problems.Add($"{path}: '{Shorten(text)}' is not one of high, medium, low or a level from 1 to 99.");
        return fallback;
    }

    private static T? Text<T>(string? text, string path, List<string> problems, Func<string, T> make, bool required = false)
    {
        if (text is null)
        {
            if (required)
            {
                problems.Add($"{path}: is required.");
            }

            return default;
        }

        try
        {
            return make(text);
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{path}: {FirstLine(ex.Message)}");
            return default;
        }
    }

    private static T? Refused<T>(string path, string why, List<string> problems)
        where T : class
    {
        problems.Add($"{path}: {why}.");
        return null;
    }

    private static T? Missing<T>(string path, List<string> problems)
        where T : class
    {
        problems.Add($"{path}: is required.");
        return null;
    }

    private static string FirstLine(string message)
    {
        var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
