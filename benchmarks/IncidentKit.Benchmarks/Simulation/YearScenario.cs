using System.Globalization;
using System.Text;
using IncidentKit.Simulation;

namespace IncidentKit.Benchmarks.Simulation;

// The issue's load: a year of incidents for 50 teams (about 100 000). Each team has a weekly rotation of four in London, a
// policy (its schedule, then its manager after 10 minutes, once repeated), a matrix rule on its category, P1–P3 SLA targets,
// log-normal answers (median 4 min) and resolutions (median 40 min). Built as a scenario document so the reader is exercised too.
internal static class YearScenario
{
    public static Scenario Build(int teams = 50, double perDay = 5.48, ulong seed = 42)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"{{\"name\":\"year-{teams}-teams\",\"seed\":{seed},\"until\":\"2027-01-01T00:00:00Z\",\"timeZone\":\"Europe/London\",\"timelines\":false,");
        sb.Append("\"configuration\":{\"name\":\"weekly\",\"schedules\":[");
        for (var t = 0; t < teams; t++)
        {
            sb.Append(t > 0 ? "," : "").Append(inv, $"{{\"id\":\"team-{t:00}\",\"timeZone\":\"Europe/London\",\"layers\":[{{\"name\":\"weekly\",\"participants\":[\"t{t:00}-a\",\"t{t:00}-b\",\"t{t:00}-c\",\"t{t:00}-d\"],\"start\":\"2025-12-29T09:00\",\"turn\":\"7d\"}}]}}");
        }

        sb.Append("],\"escalation\":{\"policies\":[");
        for (var t = 0; t < teams; t++)
        {
            sb.Append(t > 0 ? "," : "").Append(inv, $"{{\"id\":\"p{t:00}\",\"name\":\"team {t}\",\"repeat\":{{\"times\":1,\"from\":1}},\"levels\":[{{\"kind\":\"functional\",\"delay\":\"10m\",\"targets\":[\"schedule:team-{t:00}\"]}},{{\"kind\":\"hierarchical\",\"delay\":\"15m\",\"targets\":[\"user:manager-{t:00}\"]}}]}}");
        }

        sb.Append("],\"rules\":[");
        for (var t = 0; t < teams; t++)
        {
            sb.Append(t > 0 ? "," : "").Append(inv, $"{{\"name\":\"r{t:00}\",\"policy\":\"p{t:00}\",\"categoryWithin\":\"team-{t:00}\"}}");
        }

        sb.Append("],\"fallback\":\"p00\"},\"slaPolicies\":{\"policies\":[{\"name\":\"standard\",\"targets\":{\"P1\":{\"response\":\"15m\",\"resolution\":\"4h\"},\"P2\":{\"response\":\"30m\",\"resolution\":\"8h\"},\"P3\":{\"response\":\"1h\",\"resolution\":\"24h\"}}}]}},");
        sb.Append("\"responders\":{\"default\":{\"acknowledge\":{\"logNormal\":{\"median\":\"4m\",\"sigma\":0.8}}}},\"resolveAfter\":{\"logNormal\":{\"median\":\"40m\",\"sigma\":0.7}},\"load\":[");
        for (var t = 0; t < teams; t++)
        {
            var impact = t % 3 == 0 ? "high" : "medium";
            sb.Append(t > 0 ? "," : "").Append(inv, $"{{\"service\":\"svc-{t:00}\",\"category\":\"team-{t:00}\",\"perDay\":{perDay},\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2027-01-01T00:00:00Z\",\"impact\":\"{impact}\",\"urgency\":\"medium\"}}");
        }

        sb.Append("]}");
        return Scenario.FromJson(sb.ToString());
    }
}
