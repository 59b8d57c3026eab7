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
            var judged = comparison == Comparison.RegressedFrom;
            if (judged && !string.IsNullOrEmpty(c["Threshold"])) r.Error(c, "Threshold", "has no meaning with RegressedFrom: the smallest regression is MinEffect");
            else if (!judged && string.IsNullOrEmpty(c["Threshold"])) r.Error(c, "Threshold", "is required");
            // A rate is a fraction; a latency (seconds) or a relative rise may be more than one.
            var threshold = r.Number(c, "Threshold", 0, 0, signal == Signal.LatencyP95 || comparison == Comparison.AboveBaselineBy ? 1e6 : 1);
            var judge = ReadJudge(r, c, comparison, signal);
            rules.Add(new Rule(name, signal, comparison, threshold,
                // The judge's looks are the evidence; a RegressedFrom rule fires at the look that finds it unless told to wait.
                r.Duration(c, "For", judged ? TimeSpan.Zero : DefaultFor, TimeSpan.Zero, TimeSpan.FromDays(1)),
                r.Integer(c, "MinSamples", 1, 1, 1_000_000),
                r.Enum(c, "Meaning", Meaning.UsersAffected)) { Source = r.String(c, "Source"), Judge = judge });
            // Optional: the last fallback, after the previous deployment's healthy median and the trailing window.
            var baseline = r.Number(c, "Baseline", double.NaN, 0);
            if (!double.IsNaN(baseline)) baselines[name] = baseline;
        }

        foreach (var dup in rules.GroupBy(x => x.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            r.Error(s, "Rules", $"rule name '{dup.Key}' is used {dup.Count()} times");
        return (rules, baselines);
    }

    private static readonly string[] JudgeKeys = ["Confidence", "MinEffect", "MinReadings", "MaxLooks"];

    /// <summary>A RegressedFrom rule's test; its keys on any other rule are a mistake worth saying.</summary>
    private static JudgeSettings? ReadJudge(ConfigReader r, IConfigurationSection c, Comparison comparison, Signal signal)
    {
        var d = new JudgeSettings();
        var judge = new JudgeSettings
        {
            Confidence = r.Number(c, "Confidence", d.Confidence, 0.5, 0.9999),
            MinEffect = r.Number(c, "MinEffect", d.MinEffect, 0, signal == Signal.LatencyP95 ? 1e6 : 1),
            MinReadings = r.Integer(c, "MinReadings", d.MinReadings, JudgeSettings.LeastReadings, 10_000),
            MaxLooks = r.Integer(c, "MaxLooks", d.MaxLooks, 1, 100),
        };
        if (comparison != Comparison.RegressedFrom)
        {
            foreach (var key in JudgeKeys.Where(k => !string.IsNullOrEmpty(c[k])))
                r.Error(c, key, "applies to Comparison: RegressedFrom only");
            return null;
        }

        if (signal is not (Signal.LatencyP95 or Signal.ErrorRate))
            r.Error(c, "Signal", $"RegressedFrom judges LatencyP95 or ErrorRate, not {signal}");
        return judge;
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
