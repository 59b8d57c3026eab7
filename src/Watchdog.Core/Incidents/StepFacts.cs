namespace Watchdog.Core.Incidents;

/// <summary>
/// Facts a step keeps in its journaled output for a resumed runbook to read back: the first line is for people, each
/// line after it is <c>name: value</c>.
/// </summary>
public static class StepFacts
{
    public static IReadOnlyDictionary<string, string> Of(string? output) =>
        output is null
            ? new Dictionary<string, string>()
            : output.Split('\n').Skip(1).Select(l => l.Split(": ", 2)).Where(p => p.Length == 2)
                .GroupBy(p => p[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);

    /// <summary>One fact of <paramref name="output"/>; null when it has none of that name.</summary>
    public static string? Get(string? output, string name) => Of(output).GetValueOrDefault(name);
}
