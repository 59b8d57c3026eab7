using Watchdog.Integrations.Configuration;

namespace Watchdog.Schema;

/// <summary>
/// Records a load as the readers do it: each key with its kind, default and limits, in the order read, and which
/// options class each section is read into. A key read twice keeps the last (outer) reading: <c>Url</c> reads a string first.
/// </summary>
internal sealed class SchemaRecorder : IConfigObserver
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    public List<(string Path, ConfigKey Key)> Keys { get; } = [];

    /// <summary>By full path: one generic path (<c>Services:N:Provider</c>) is read into a different class per provider type.</summary>
    public Dictionary<string, Type> OptionsTypes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Key(string path, ConfigKey key)
    {
        if (_index.TryGetValue(path, out var i)) Keys[i] = (Keys[i].Path, key);
        else
        {
            _index[path] = Keys.Count;
            Keys.Add((path, key));
        }
    }

    public void Options(string path, Type optionsType) => OptionsTypes[path] = optionsType;
}

/// <summary>Paths with list indices made generic: <c>Watchdog:Services:0:Health</c> → <c>Services:N:Health</c>, as the README names keys.</summary>
internal static class SchemaPath
{
    public static string Generic(string path)
    {
        var parts = path.Split(':').Skip(1).Select(p => p.All(char.IsAsciiDigit) ? "N" : p);
        return string.Join(':', parts);
    }
}
