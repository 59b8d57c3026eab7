using System.Text.RegularExpressions;

namespace Watchdog.Core.Runbook;

/// <summary>
/// A plain reading of a migration status command's output (seed 000 step 4.1, <c>npx prisma migrate status</c>):
/// which migrations the database has that the checked-out migrations do not (newer than that checkout expects),
/// which failed part-way, which are not applied. Only Prisma's wording is understood; anything else is
/// "could not tell", never a guess. The output itself is always kept beside the reading.
/// </summary>
/// <param name="Newest">The migration a <c>migrate resolve --rolled-back</c> would name: the newest the database has
/// beyond the checkout, else the one that failed; null when the output does not say.</param>
/// <param name="Applied">True: the database has a migration the checkout does not know. False: it has none beyond it.
/// Null: the output cannot tell.</param>
public sealed partial record MigrationReading(string Plain, string? Newest, bool? Applied)
{
    private const string CouldNotTell = "could not tell whether the bad release applied a migration";

    /// <summary>Reads <paramref name="output"/>; <paramref name="ran"/> false says the command itself failed (its output may still be read).</summary>
    public static MigrationReading Read(string output, bool ran = true)
    {
        var sections = Sections(output);
        var beyond = sections.GetValueOrDefault(Section.DatabaseOnly, []);
        var failed = sections.GetValueOrDefault(Section.Failed, []);
        var pending = sections.GetValueOrDefault(Section.Pending, []);
        var parts = new List<string>();
        string? newest = null;
        bool? applied = null;
        if (beyond.Count > 0)
        {
            // Prisma names migrations after the time they were made: the greatest name is the newest.
            newest = beyond.Max(StringComparer.Ordinal);
            applied = true;
            parts.Add($"the database's newest applied migration is {newest}, newer than the checked-out migrations expect " +
                $"({beyond.Count} applied migration{(beyond.Count == 1 ? "" : "s")} not in the checkout: {string.Join(", ", beyond)})");
        }

        if (failed.Count > 0)
        {
            newest ??= failed.Max(StringComparer.Ordinal);
            parts.Add($"failed part-way: {string.Join(", ", failed)}");
        }

        if (pending.Count > 0) parts.Add($"not applied yet: {string.Join(", ", pending)}");
        if (UpToDate().IsMatch(output))
        {
            applied ??= false;
            parts.Add("every checked-out migration is applied and the database has none beyond them; the output names no migration, " +
                "so whether the bad release added one (and the checkout is its own) cannot be told from it");
        }

        if (parts.Count == 0)
            return new MigrationReading(ran ? $"{CouldNotTell}: the status output is not one Watchdog can read" : $"{CouldNotTell}: the status command failed", null, null);
        var lead = applied switch
        {
            true => "a migration was applied beyond the checkout",
            false when failed.Count == 0 => "no migration beyond the checkout",
            _ => CouldNotTell,
        };
        return new MigrationReading($"{lead}: {string.Join("; ", parts)}", newest, applied);
    }

    private enum Section { None, DatabaseOnly, Failed, Pending }

    private static Dictionary<Section, List<string>> Sections(string output)
    {
        var found = new Dictionary<Section, List<string>>();
        var current = Section.None;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            var heading = Heading(line);
            if (heading != Section.None)
            {
                current = heading;
                // Some versions put the first name on the heading's line.
                line = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
            }

            if (line.Length == 0) continue;
            if (current != Section.None && Name().IsMatch(line))
            {
                var list = found.TryGetValue(current, out var l) ? l : found[current] = [];
                if (!list.Contains(line, StringComparer.Ordinal)) list.Add(line);
            }
            else if (heading == Section.None)
            {
                current = Section.None;
            }
        }

        return found;
    }

    private static Section Heading(string line) =>
        DatabaseOnly().IsMatch(line) ? Section.DatabaseOnly
        : Failed().IsMatch(line) ? Section.Failed
        : Pending().IsMatch(line) ? Section.Pending
        : Section.None;

    [GeneratedRegex(@"^[0-9]+_[A-Za-z0-9_\-]+$")]
    private static partial Regex Name();

    [GeneratedRegex(@"migrations? from the database (are|is) not found locally", RegexOptions.IgnoreCase)]
    private static partial Regex DatabaseOnly();

    [GeneratedRegex(@"migrations? (have|has) failed", RegexOptions.IgnoreCase)]
    private static partial Regex Failed();

    [GeneratedRegex(@"migrations? (have|has) not yet been applied", RegexOptions.IgnoreCase)]
    private static partial Regex Pending();

    [GeneratedRegex(@"Database schema is up to date", RegexOptions.IgnoreCase)]
    private static partial Regex UpToDate();
}
