namespace IncidentKit.Tests.Alerts;

// Bodies as the senders send them; the Alertmanager ones as captured from Alertmanager 0.25 (see ENVIRONMENT.md).
internal static class AlertPayloads
{
    public const string AlertmanagerFiring = """
        {"receiver":"hook","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"ApiTest","severity":"critical","service":"api"},
        "annotations":{"summary":"API answers 5xx"},"startsAt":"2026-12-06T21:58:36.79849197Z","endsAt":"0001-01-01T00:00:00Z",
        "generatorURL":"http://127.0.0.1:9090/graph?g0.expr=up","fingerprint":"eadaa8efa93763ff"}],"groupLabels":{"alertname":"ApiTest"},
        "commonLabels":{"alertname":"ApiTest","severity":"critical","service":"api"},"commonAnnotations":{"summary":"API answers 5xx"},
        "externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}:{alertname=\"ApiTest\"}","truncatedAlerts":0}
        """;

    public const string AlertmanagerResolved = """
        {"receiver":"hook","status":"resolved","alerts":[{"status":"resolved","labels":{"alertname":"ApiTest","severity":"critical","service":"api"},
        "annotations":{"summary":"API answers 5xx"},"startsAt":"2026-12-06T21:58:36.79849197Z","endsAt":"2026-12-06T21:59:40.1Z",
        "generatorURL":"http://127.0.0.1:9090/graph?g0.expr=up","fingerprint":"eadaa8efa93763ff"}],"groupLabels":{"alertname":"ApiTest"},
        "commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}:{alertname=\"ApiTest\"}","truncatedAlerts":0}
        """;

    public const string EventsV2Trigger = """
        {"routing_key":"R0UT1NGKEY","event_action":"trigger","dedup_key":"srv01/disk",
         "payload":{"summary":"Disk full on srv01","source":"srv01","severity":"critical","timestamp":"2026-12-06T21:00:00.123+01:00",
                    "component":"disk","group":"storage","class":"capacity","custom_details":{"free":"0%","mounts":["/","/var"]}},
         "links":[{"href":"https://grafana/d/1","text":"Dashboard"}],"images":[{"src":"https://img/1.png","href":"https://grafana","alt":"graph"}],
         "client":"Zabbix","client_url":"https://zabbix/"}
        """;

    public const string GenericGrafana = """
        {"ruleId":42,"title":"Checkout latency","state":"alerting","tags":{"service":"checkout","severity":"warning"},"evalMatches":[{"value":3.2}]}
        """;
}
