using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace Watchdog.Configuration;

/// <summary>
/// A JSON file as configuration, whose sections know their children. The framework's provider answers "the children of
/// <c>Watchdog:Services:17:Provider</c>" by looking at every key of the file, so reading a fleet (every list, map and
/// <c>Exists</c> of every service, and the unknown-key walk over them all) costs the number of services times the size of
/// the file. Here each answer is a lookup in an index built once per load: reading the configuration is linear in it.
/// </summary>
public sealed class IndexedJsonConfigurationSource : JsonConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new IndexedJsonConfigurationProvider(this);
    }

    /// <summary>The same file, indexed: path, optional, reload and file provider are kept.</summary>
    public static IndexedJsonConfigurationSource Of(JsonConfigurationSource json) => new()
    {
        Path = json.Path!,
        Optional = json.Optional,
        ReloadOnChange = json.ReloadOnChange,
        ReloadDelay = json.ReloadDelay,
        FileProvider = json.FileProvider,
        OnLoadException = json.OnLoadException,
    };
}

/// <summary>The provider of <see cref="IndexedJsonConfigurationSource"/>.</summary>
public sealed class IndexedJsonConfigurationProvider(IndexedJsonConfigurationSource source) : JsonConfigurationProvider(source)
{
    private const string Top = "";
    private Dictionary<string, string[]> _children = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keys handed out answering child-key questions since the file was loaded: the loader's work, not the file's size times it.</summary>
    public long KeysHandedOut { get; private set; }

    public override void Load(Stream stream)
    {
        base.Load(stream);
        Index();
    }

    /// <summary>
    /// Drops the keys under <paramref name="section"/> once they have been read: a fleet's services are most of the file
    /// (2.7 KB a service, 13.5 MB at 5,000), and nothing reads them again after the settings are built. A reload reads
    /// the whole file again.
    /// </summary>
    public void Forget(string section)
    {
        var prefix = section + ConfigurationPath.KeyDelimiter;
        var gone = Data.Keys.Where(k => k.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
        if (gone.Count == 0) return;
        foreach (var key in gone) Data.Remove(key);
        // Data was built for the whole file; a fresh dictionary lets its buckets go too.
        Data = new Dictionary<string, string?>(Data, StringComparer.OrdinalIgnoreCase);
        Index();
    }

    private void Index()
    {
        var children = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in Data.Keys)
        {
            var parent = Top;
            var start = 0;
            while (true)
            {
                var colon = key.IndexOf(ConfigurationPath.KeyDelimiter, start, StringComparison.Ordinal);
                var segment = colon < 0 ? key[start..] : key[start..colon];
                if (!children.TryGetValue(parent, out var set)) children[parent] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                set.Add(segment);
                if (colon < 0) break;
                parent = key[..colon];
                start = colon + 1;
            }
        }

        _children = children.ToDictionary(c => c.Key, c => c.Value.Order(ConfigurationKeyComparer.Instance).ToArray(), StringComparer.OrdinalIgnoreCase);
        KeysHandedOut = 0;
    }

    /// <summary>As the framework's: this provider's children of <paramref name="parentPath"/> and the earlier providers', sorted as configuration keys are.</summary>
    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        // A reload that found the file gone empties the data without parsing anything: nothing is left to index.
        var mine = Data.Count == 0 ? [] : _children.GetValueOrDefault(parentPath ?? Top) ?? [];
        KeysHandedOut += mine.Length;
        var results = new List<string>(mine);
        results.AddRange(earlierKeys);
        results.Sort(ConfigurationKeyComparer.Instance);
        return results;
    }
}
