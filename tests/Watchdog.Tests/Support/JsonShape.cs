using System.Text.Json;

namespace Watchdog.Tests.Support;

/// <summary>
/// Compares an answer with a sample of its shape: the same keys in the same order, the same kinds (string, number,
/// bool, object, array); a sample array's one element is what every element must look like; null in the answer
/// matches anything (an optional member that is not set).
/// </summary>
public static class JsonShape
{
    /// <returns>Where and how the answer differs, or null when it has the sample's shape.</returns>
    public static string? Mismatch(JsonElement sample, JsonElement answer, string at)
    {
        if (answer.ValueKind == JsonValueKind.Null) return null;
        if (Kind(sample) != Kind(answer)) return $"{at}: {Kind(answer)} where the sample has {Kind(sample)}";
        switch (sample.ValueKind)
        {
            case JsonValueKind.Object:
                var want = sample.EnumerateObject().Select(p => p.Name).ToList();
                var got = answer.EnumerateObject().Select(p => p.Name).ToList();
                if (!want.SequenceEqual(got)) return $"{at}: keys [{string.Join(", ", got)}] where the sample has [{string.Join(", ", want)}]";
                foreach (var p in sample.EnumerateObject())
                    if (Mismatch(p.Value, answer.GetProperty(p.Name), $"{at}.{p.Name}") is { } m) return m;
                return null;
            case JsonValueKind.Array:
                if (sample.GetArrayLength() == 0) return answer.GetArrayLength() == 0 ? null : $"{at}: not empty";
                var i = 0;
                foreach (var item in answer.EnumerateArray())
                    if (Mismatch(sample[0], item, $"{at}[{i++}]") is { } m) return m;
                return null;
            default:
                return null;
        }
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True or JsonValueKind.False => "bool",
        var k => k.ToString().ToLowerInvariant(),
    };
}
