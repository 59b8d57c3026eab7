namespace Watchdog.Core.Reports;

/// <summary>
/// Removes configured secret values from anything on its way to a log, a notification or the
/// journal. Values shorter than 4 characters are ignored: replacing them would mangle ordinary text.
/// </summary>
public sealed class Redactor
{
    public const string Mask = "***";
    private readonly string[] _secrets;

    public Redactor(IEnumerable<string?> secrets) =>
        _secrets = secrets.Where(s => s is { Length: >= 4 }).Select(s => s!).Distinct().OrderByDescending(s => s.Length).ToArray();

    public static Redactor None { get; } = new([]);

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        foreach (var s in _secrets)
            text = text.Replace(s, Mask, StringComparison.Ordinal);
        return text;
    }
}
