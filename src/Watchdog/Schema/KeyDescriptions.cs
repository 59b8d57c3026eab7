using Watchdog.Integrations.Configuration;

namespace Watchdog.Schema;

/// <summary>
/// Each key's description: the table's text for host keys (<see cref="DescriptionTable"/>), else the XML doc of the
/// options property the key is read into, else, for a secret's <c>…File</c> key, what it is. Durations say their format
/// and range. A key with none of them is noted in <see cref="Missing"/>, which a test keeps empty.
/// </summary>
internal sealed class KeyDescriptions(IReadOnlyDictionary<string, Type> optionsTypes, XmlDocs docs)
{
    private readonly HashSet<string> _missing = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Missing => _missing;

    public string Of(string path, ConfigKey? key)
    {
        var generic = SchemaPath.Generic(path);
        var (parent, name) = (path[..path.LastIndexOf(':')], path[(path.LastIndexOf(':') + 1)..]);
        var text = DescriptionTable.Text.GetValueOrDefault(generic)
            ?? (optionsTypes.GetValueOrDefault(parent) is { } owner ? docs.Property(owner, name) : null)
            ?? (optionsTypes.GetValueOrDefault(path) is { } section ? docs.Type(section) : null)
            ?? (key?.Kind is ConfigKind.FilePath && name.EndsWith("File", StringComparison.Ordinal) ? $"A file holding {name[..^4]} (a secret), read instead of writing it here." : null);
        if (text is null)
        {
            _missing.Add(generic);
            text = "";
        }

        return key switch
        {
            { Kind: ConfigKind.Duration } d => $"{text} A duration: 500ms, 30s, 5m, 2h, 1d or 00:05:00; here {Range(d)}.".TrimStart(),
            { Kind: ConfigKind.Secret } => $"{text} A secret: or set {name}File to a file holding it.".TrimStart(),
            _ => text,
        };
    }

    private static string Range(ConfigKey d)
    {
        string Text(double seconds) => ConfigReader.DurationText(TimeSpan.FromSeconds(seconds));
        return d.Max is { } max ? $"from {Text(d.Min ?? 0)} to {Text(max)}" : $"at least {Text(d.Min ?? 0)}";
    }
}
