using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Watchdog.Schema;

/// <summary>The summaries of properties in the XML documentation the build writes beside each assembly.</summary>
internal sealed partial class XmlDocs
{
    private readonly Dictionary<string, string> _summaries = new(StringComparer.OrdinalIgnoreCase); // a key is looked up in any case

    public XmlDocs(IEnumerable<System.Reflection.Assembly> assemblies)
    {
        foreach (var assembly in assemblies)
        {
            var file = Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml");
            if (!File.Exists(file)) continue;
            foreach (var member in XDocument.Load(file).Descendants("member"))
            {
                if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
                    _summaries[name] = Text(summary);
            }
        }
    }

    /// <summary>The summary of <paramref name="type"/>'s property <paramref name="name"/>, in any case; null when it has none.</summary>
    public string? Property(Type type, string name)
    {
        // By the documentation's member names, not reflection (which trimming would make miss): the type, then its bases.
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (_summaries.GetValueOrDefault($"P:{t.FullName}.{name}") is { } summary) return summary;
        }

        return null;
    }

    /// <summary>The summary of <paramref name="type"/> itself.</summary>
    public string? Type(Type type) => _summaries.GetValueOrDefault($"T:{type.FullName}");

    /// <summary>Plain text: <c>&lt;c&gt;x&lt;/c&gt;</c> is x, a <c>see cref</c> its last name, whitespace one space.</summary>
    private static string Text(XElement summary)
    {
        foreach (var see in summary.Descendants().Where(e => e.Name.LocalName is "see" or "paramref" or "typeparamref").ToList())
        {
            var target = see.Attribute("cref")?.Value ?? see.Attribute("name")?.Value ?? see.Attribute("langword")?.Value ?? "";
            see.ReplaceWith(see.Value.Length > 0 ? see.Value : target[(target.LastIndexOfAny(['.', ':']) + 1)..]);
        }

        return Spaces().Replace(summary.Value, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
