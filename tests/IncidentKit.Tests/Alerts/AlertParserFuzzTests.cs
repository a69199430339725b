using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using IncidentKit.Alerts;
using NodaTime;

namespace IncidentKit.Tests.Alerts;

// Every parser, fed random bytes and random mutations of a valid body, either returns or throws AlertFormatException.
public sealed class AlertParserFuzzTests
{
    private const long Iterations = 10_000;
    private static readonly GenericWebhookMapping Generic = new("grafana", key: "/ruleId", status: "/state", summary: "/title", labels: "/tags", startsAt: "/at");

    // Picked by index rather than Gen.OneOf(constants), which CsCheck 4 (the net8.0 build's) spells OneOfConst.
    private static readonly string[] TrickyValues = ["2026-12-06T21:58:36.123456789Z", "0001-01-01T00:00:00Z", "firing", "resolved", "trigger", "resolve", "4", ""];

    private static readonly Gen<JsonNode?> Replacement = Gen.OneOf<JsonNode?>(
        Gen.String.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Double.Select(d => (JsonNode?)(double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(0))),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Bool.Select(_ => (JsonNode?)null),
        Gen.Const(0).Select(_ => (JsonNode?)new JsonArray()),
        Gen.Const(0).Select(_ => (JsonNode?)new JsonObject()),
        Gen.Int[0, TrickyValues.Length - 1].Select(i => (JsonNode?)JsonValue.Create(TrickyValues[i])));

    private static readonly Gen<byte[]> RandomBytes = Gen.Byte.Array[0, 600];

    private static Gen<byte[]> Mutated(string valid) =>
        Gen.Select(Gen.Int[0, 1000].Array[1, 4], Replacement.Array[4], Gen.Int[0, 3]).Select((positions, values, mode) =>
        {
            var root = JsonNode.Parse(valid)!;
            for (var i = 0; i < positions.Length; i++)
            {
                var nodes = Descendants(root).ToList();
                var target = nodes[positions[i] % nodes.Count];
                if (target.Parent is JsonObject parent)
                {
                    var name = parent.First(p => ReferenceEquals(p.Value, target)).Key;
                    if (mode == 0)
                    {
                        parent.Remove(name);
                    }
                    else
                    {
                        parent[name] = values[i]?.DeepClone();
                    }
                }
                else if (target.Parent is JsonArray array)
                {
                    array[array.IndexOf(target)] = values[i]?.DeepClone();
                }
            }

            var text = root.ToJsonString();
            return mode == 3 && text.Length > 2 ? Encoding.UTF8.GetBytes(text[..(positions[0] % text.Length)]) : Encoding.UTF8.GetBytes(text);
        });

    [Fact]
    public void AlertmanagerParse_FuzzedBodies_ThrowOnlyAlertFormatException()
    {
        Check(RandomBytes, b => AlertmanagerWebhook.Parse(b));
        Check(Mutated(AlertPayloads.AlertmanagerFiring), b => AlertmanagerWebhook.Parse(b));
    }

    [Fact]
    public void EventsV2Parse_FuzzedBodies_ThrowOnlyAlertFormatException()
    {
        Check(RandomBytes, b => EventsV2.Parse(b).ToAlert(Instant.FromUtc(2026, 1, 1, 0, 0)));
        Check(Mutated(AlertPayloads.EventsV2Trigger), b => EventsV2.Parse(b).ToAlert(Instant.FromUtc(2026, 1, 1, 0, 0)));
    }

    [Fact]
    public void GenericParse_FuzzedBodies_ThrowOnlyAlertFormatException()
    {
        Check(RandomBytes, b => Generic.Parse(b, Instant.FromUtc(2026, 1, 1, 0, 0)));
        Check(Mutated("""{"ruleId":42,"title":"Checkout latency","state":"alerting","at":"2026-12-06T21:00:00Z","tags":{"service":"checkout"}}"""),
            b => Generic.Parse(b, Instant.FromUtc(2026, 1, 1, 0, 0)));
    }

    private static void Check(Gen<byte[]> bodies, Action<byte[]> parse) =>
        bodies.Sample(body =>
        {
            try
            {
                parse(body);
            }
            catch (AlertFormatException e) when (e.Field is not null && e.Message.Length > 0)
            {
            }
        }, iter: Iterations, threads: 1);

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is not null)
            {
                foreach (var d in Descendants(child))
                {
                    yield return d;
                }
            }
        }
    }
}
