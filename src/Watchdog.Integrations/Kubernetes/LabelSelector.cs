using System.Text.Json.Nodes;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>A Deployment's <c>spec.selector</c> written as the <c>labelSelector</c> query string (API-NOTES §4.1 step 2).</summary>
internal static class LabelSelector
{
    /// <summary>
    /// <c>matchLabels</c> as <c>k=v</c>, <c>matchExpressions</c> as <c>k in (a,b)</c>, <c>k notin (a,b)</c>,
    /// <c>k</c> or <c>!k</c>; requirements sorted by key and set values sorted, as apimachinery renders them.
    /// </summary>
    /// <exception cref="FormatException">The selector is empty or has an operator Kubernetes does not define.</exception>
    public static string Render(JsonObject? selector)
    {
        var requirements = new List<(string Key, string Text)>();
        if (selector?["matchLabels"] is JsonObject labels)
        {
            foreach (var (key, value) in labels)
                requirements.Add((key, $"{key}={PodTemplates.Text(value) ?? throw new FormatException($"matchLabels {key} is not a string")}"));
        }

        if (selector?["matchExpressions"] is JsonArray expressions)
        {
            foreach (var e in expressions.OfType<JsonObject>())
            {
                var key = PodTemplates.Text(e["key"]) ?? throw new FormatException("a matchExpression has no key");
                var values = (e["values"] as JsonArray)?.Select(PodTemplates.Text).OfType<string>().Order(StringComparer.Ordinal).ToList() ?? [];
                requirements.Add((key, PodTemplates.Text(e["operator"]) switch
                {
                    "In" => $"{key} in ({string.Join(',', values)})",
                    "NotIn" => $"{key} notin ({string.Join(',', values)})",
                    "Exists" => key,
                    "DoesNotExist" => "!" + key,
                    var op => throw new FormatException($"matchExpression {key} has an unknown operator '{op}'"),
                }));
            }
        }

        // An empty selector selects everything; apps/v1 forbids it, so meeting one means something is wrong.
        if (requirements.Count == 0) throw new FormatException("the selector is empty");
        return string.Join(',', requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
    }
}
