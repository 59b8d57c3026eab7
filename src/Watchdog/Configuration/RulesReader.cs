using Microsoft.Extensions.Configuration;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;
using Watchdog.Integrations.Configuration;

namespace Watchdog.Configuration;

/// <summary>A service's <c>Rules</c> (the seeds' defaults when none are listed) and <c>Baselines</c>.</summary>
internal static class RulesReader
{
    /// <summary>The defaults of a listed rule's optional keys (the seeds': hold for 5 minutes, one sample, users affected).</summary>
    private static readonly TimeSpan DefaultFor = TimeSpan.FromMinutes(5);

    public static (IReadOnlyList<Rule>, IReadOnlyDictionary<string, double>) Read(ConfigReader r, IConfigurationSection s)
    {
        var sections = r.List(s, "Rules");
        if (sections.Count == 0) return (Rule.Defaults, new Dictionary<string, double>());
        var rules = new List<Rule>();
        var baselines = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in sections)
        {
            r.ReadsInto(c, typeof(Rule));
            var name = r.String(c, "Name", required: true) ?? $"rule-{c.Key}";
            var comparison = r.Enum(c, "Comparison", Comparison.Above);
            var signal = r.Enum(c, "Signal", Signal.ErrorRate);
            if (string.IsNullOrEmpty(c["Signal"])) r.Error(c, "Signal", $"is required ({string.Join(", ", Enum.GetNames<Signal>())})");
            if (string.IsNullOrEmpty(c["Threshold"])) r.Error(c, "Threshold", "is required");
            // A rate is a fraction; a latency (seconds) or a relative rise may be more than one.
            var threshold = r.Number(c, "Threshold", 0, 0, signal == Signal.LatencyP95 || comparison == Comparison.AboveBaselineBy ? 1e6 : 1);
            rules.Add(new Rule(name, signal, comparison, threshold,
                r.Duration(c, "For", DefaultFor, TimeSpan.Zero, TimeSpan.FromDays(1)),
                r.Integer(c, "MinSamples", 1, 1, 1_000_000),
                r.Enum(c, "Meaning", Meaning.UsersAffected)) { Source = r.String(c, "Source") });
            // Optional: the last fallback, after the previous deployment's healthy median and the trailing window.
            var baseline = r.Number(c, "Baseline", double.NaN, 0);
            if (!double.IsNaN(baseline)) baselines[name] = baseline;
        }

        foreach (var dup in rules.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error(s, "Rules", $"rule name '{dup.Key}' is used {dup.Count()} times");
        return (rules, baselines);
    }

    public static BaselineSettings ReadBaselines(ConfigReader r, IConfigurationSection b)
    {
        var d = new BaselineSettings();
        r.ReadsInto(b, typeof(BaselineSettings));
        return new BaselineSettings
        {
            Window = r.Duration(b, "Window", d.Window, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)),
            MinReadings = r.Integer(b, "MinReadings", d.MinReadings, 1, 100_000),
        };
    }
}
