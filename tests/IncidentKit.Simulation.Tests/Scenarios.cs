namespace IncidentKit.Simulation.Tests;

// Scenario documents shared by the tests. The DST one is small enough to work out by hand (see SimulatorTests).
internal static class Scenarios
{
    // A daily rotation alice/bob handing over at 09:00 London time; one level that repeats twice every 10 minutes; P1 response
    // due in 10 minutes. Clocks go forward on Sunday 29 March 2026 at 01:00 UTC, so Saturday's handoff is 09:00Z and Sunday's 08:00Z.
    public const string DstConfiguration = """
        {
          "name": "daily",
          "schedules": [ { "id": "primary", "timeZone": "Europe/London",
                           "layers": [ { "name": "daily", "participants": [ "alice", "bob" ], "start": "2026-03-02T09:00", "turn": "1d" } ] } ],
          "escalation": { "policies": [ { "id": "standard", "name": "Standard", "repeat": { "times": 2, "from": 1 },
                                          "levels": [ { "kind": "functional", "delay": "10m", "targets": [ "schedule:primary" ] } ] } ],
                          "rules": [], "fallback": "standard" },
          "slaPolicies": { "policies": [ { "name": "standard", "targets": { "P1": { "response": "10m", "resolution": "4h" } } } ] }
        }
        """;

    public static string DstScenario(string configuration = DstConfiguration) => $$"""
        {
          "name": "dst-handoff",
          "seed": 7,
          "until": "2026-03-30T00:00:00Z",
          "timeZone": "Europe/London",
          "configuration": {{configuration}},
          "resolveAfter": { "fixed": "20m" },
          "responders": {
            "default": { "acknowledge": { "fixed": "4m" } },
            "people": {
              "alice": { "acknowledge": { "fixed": "4m" }, "unavailable": [ { "from": "2026-03-29T07:00:00Z", "to": "2026-03-29T10:00:00Z" } ] },
              "bob": { "acknowledge": { "fixed": "3m" } }
            }
          },
          "injects": [
            { "at": "2026-03-28T09:05:00Z", "incident": { "title": "Saturday checkout errors", "impact": "high", "urgency": "high" } },
            { "at": "2026-03-29T00:30:00Z", "incident": { "title": "Night disk full", "impact": "high", "urgency": "high" } },
            { "at": "2026-03-29T07:55:00Z", "incident": { "title": "Sunday API down", "impact": "high", "urgency": "high" } }
          ]
        }
        """;
}

internal static class WhatIfScenarios
{
    // January: London is on GMT (UTC), Sydney on AEDT (UTC+11). alice and bob in London answer in 4 minutes by day and 12 at
    // night; carol and dave in Sydney answer in 5 minutes.
    public const string Weekly = """
        {
          "name": "weekly",
          "schedules": [ { "id": "primary", "timeZone": "Europe/London",
                           "layers": [ { "name": "weekly", "participants": [ "alice", "bob" ], "start": "2026-01-05T09:00", "turn": "7d" } ] } ],
          "escalation": { "policies": [ { "id": "standard", "name": "Standard",
                                          "levels": [ { "kind": "functional", "delay": "15m", "targets": [ "schedule:primary" ] } ] } ],
                          "rules": [], "fallback": "standard" },
          "slaPolicies": { "policies": [ { "name": "standard", "targets": { "P1": { "response": "10m", "resolution": "4h" } } } ] }
        }
        """;

    // The same people; London covers 07:00-19:00 London time, Sydney the rest (06:00-18:00 in Sydney).
    public const string FollowTheSun = """
        {
          "name": "follow-the-sun",
          "schedules": [ { "id": "primary", "timeZone": "Europe/London",
                           "layers": [ { "name": "london", "participants": [ "alice", "bob" ], "start": "2026-01-05T07:00", "turn": "7d",
                                         "restrictions": [ { "days": "daily", "from": "07:00", "to": "19:00" } ] },
                                       { "name": "sydney", "participants": [ "carol", "dave" ], "start": "2026-01-05T19:00", "turn": "7d",
                                         "restrictions": [ { "days": "daily", "from": "19:00", "to": "07:00" } ] } ] } ],
          "escalation": { "policies": [ { "id": "standard", "name": "Standard",
                                          "levels": [ { "kind": "functional", "delay": "15m", "targets": [ "schedule:primary" ] } ] } ],
                          "rules": [], "fallback": "standard" },
          "slaPolicies": { "policies": [ { "name": "standard", "targets": { "P1": { "response": "10m", "resolution": "4h" } } } ] }
        }
        """;

    public const string Scenario = $$"""
        {
          "name": "one week in January",
          "seed": 11,
          "until": "2026-01-12T00:00:00Z",
          "timeZone": "Europe/London",
          "configuration": {{Weekly}},
          "responders": {
            "people": {
              "alice": { "acknowledge": { "fixed": "4m" }, "acknowledgeAtNight": { "fixed": "12m" } },
              "bob": { "acknowledge": { "fixed": "4m" }, "acknowledgeAtNight": { "fixed": "12m" } },
              "carol": { "timeZone": "Australia/Sydney", "acknowledge": { "fixed": "5m" }, "acknowledgeAtNight": { "fixed": "15m" } },
              "dave": { "timeZone": "Australia/Sydney", "acknowledge": { "fixed": "5m" }, "acknowledgeAtNight": { "fixed": "15m" } }
            }
          },
          "injects": [
            { "at": "2026-01-06T02:00:00Z", "incident": { "title": "Queue backlog", "impact": "high", "urgency": "high" } },
            { "at": "2026-01-06T10:00:00Z", "incident": { "title": "Slow search", "impact": "high", "urgency": "high" } },
            { "at": "2026-01-07T03:30:00Z", "incident": { "title": "Payments timeouts", "impact": "high", "urgency": "high" } },
            { "at": "2026-01-07T14:00:00Z", "incident": { "title": "Login errors", "impact": "high", "urgency": "high" } },
            { "at": "2026-01-08T23:30:00Z", "incident": { "title": "Disk full", "impact": "high", "urgency": "high" } },
            { "at": "2026-01-09T16:00:00Z", "incident": { "title": "Cache misses", "impact": "high", "urgency": "high" } }
          ]
        }
        """;
}
