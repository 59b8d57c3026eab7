using System.Text;
using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Tests.Alerts;

/// <summary>Deliveries shaped as API-NOTES §1.5 and Sentry's webhook docs show them.</summary>
internal static class SentryPayloads
{
    /// <summary>A metric alert on project "bar" with the given action and description title.</summary>
    public static string MetricAlert(string action, string title = "Critical: Too many errors", string projects = """["bar"]""") => $$$"""
        {"action":"{{{action}}}",
         "actor":{"id":"sentry","name":"Sentry","type":"application"},
         "data":{
           "description_text":"1000 events in the last 10 minutes\nFilter: level:error",
           "description_title":"{{{title}}}",
           "metric_alert":{
             "alert_rule":{"aggregate":"count()","created_by":null,"dataset":"events",
               "date_created":"2020-09-13T12:26:40.000000Z","date_modified":"2020-09-13T12:26:40.000000Z",
               "environment":null,"id":"7","include_all_projects":false,"name":"Too many errors",
               "organization_id":"5","projects":{{{projects}}},"query":"level:error","resolution":1,
               "resolve_threshold":null,"status":0,"threshold_period":1,"threshold_type":0,"time_window":10,"triggers":[]},
             "date_closed":null,"date_created":"2020-09-13T12:26:40.000000Z",
             "date_detected":"2020-09-13T12:26:40.000000Z","date_started":"2020-09-13T12:26:40.000000Z",
             "id":"4","identifier":"1","organization_id":"5","projects":{{{projects}}},
             "status":2,"status_method":3,"title":"Sacred Marmot","type":2},
           "web_url":"https://sentry.io/organizations/baz/alerts/1/"},
         "installation":{"uuid":"a8e5d37a-696c-4c54-adb5-b3f28d64c7de"}}
        """;

    /// <summary>An issue alert fired on an event of project 1 ("front-end"), trimmed of the stack trace.</summary>
    public const string IssueAlert = """
        {"action":"triggered",
         "actor":{"id":"sentry","name":"Sentry","type":"application"},
         "data":{
           "event":{
             "_ref":1,"_ref_version":2,
             "contexts":{"browser":{"name":"Chrome","type":"browser","version":"75.0.3770"}},
             "culprit":"?(<anonymous>)","datetime":"2019-08-19T21:06:17.677000Z","dist":null,
             "event_id":"e4874d664c3540c1a32eab185f12c5ab",
             "exception":{"values":[{"type":"ReferenceError","value":"heck is not defined","stacktrace":{"frames":[]}}]},
             "fingerprint":["{{ default }}"],"hashes":["29f7ffc4903a8a990408b80a3b4c95a2"],
             "issue_url":"https://sentry.io/api/0/issues/1117540176/","issue_id":"1117540176",
             "key_id":"667532","level":"error","location":"<anonymous>","logger":"","message":"",
             "metadata":{"filename":"<anonymous>","type":"ReferenceError","value":"heck is not defined"},
             "platform":"javascript","project":1,"received":1566248777.677,"release":null,
             "tags":[["browser","Chrome 75.0.3770"],["handled","no"],["level","error"]],
             "time_spent":null,"timestamp":1566248777.677,
             "title":"ReferenceError: heck is not defined","type":"error",
             "url":"https://sentry.io/api/0/projects/test-org/front-end/events/e4874d664c3540c1a32eab185f12c5ab/",
             "user":{"ip_address":"162.218.85.90"},"version":"7",
             "web_url":"https://sentry.io/organizations/test-org/issues/1117540176/events/e4874d664c3540c1a32eab185f12c5ab/"},
           "triggered_rule":"Very Important Alert Rule!",
           "issue_alert":{"title":"Very Important Alert Rule!","settings":[{"name":"channel","value":"#general"}]}},
         "installation":{"uuid":"a8e5d37a-696c-4c54-adb5-b3f28d64c7de"}}
        """;

    public static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>The payload changed through its JSON tree (a field removed or retyped), whatever its layout.</summary>
    public static string Edit(string json, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }
}
