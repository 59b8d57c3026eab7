using Watchdog.Integrations.Configuration;

namespace Watchdog.Schema;

/// <summary>The keys recorded, as a tree of sections by path; list entries are children named by their index.</summary>
internal sealed class KeyTree
{
    private readonly Dictionary<string, KeyTree> _byName = new(StringComparer.OrdinalIgnoreCase);

    private KeyTree(string path) => Path = path;

    public string Path { get; }

    /// <summary>What was read at this path; null for a section only its keys were read under.</summary>
    public ConfigKey? Key { get; private set; }

    /// <summary>In the order first read.</summary>
    public List<(string Name, KeyTree Node)> Children { get; } = [];

    public KeyTree? Child(string name) => _byName.GetValueOrDefault(name);

    public static KeyTree Of(IEnumerable<(string Path, ConfigKey Key)> keys, string root)
    {
        var tree = new KeyTree(root);
        foreach (var (path, key) in keys)
        {
            var parts = path.Split(':');
            if (!parts[0].Equals(root, StringComparison.OrdinalIgnoreCase)) continue;
            var node = tree;
            foreach (var part in parts.Skip(1)) node = node.Add(part);
            node.Key = key;
        }

        return tree;
    }

    private KeyTree Add(string name)
    {
        if (_byName.TryGetValue(name, out var child)) return child;
        child = new KeyTree($"{Path}:{name}");
        _byName[name] = child;
        Children.Add((name, child));
        return child;
    }
}
