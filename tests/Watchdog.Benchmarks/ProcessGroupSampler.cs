using System.Diagnostics;

namespace Watchdog.Benchmarks;

/// <summary>Named sets of child processes whose footprints are summed: Watchdog alone, or the stack's three.</summary>
internal sealed record ProcessGroup(string Name, IReadOnlyList<HostProcess> Processes);

/// <summary>One process's share of a window: RSS averaged over the samples, CPU as % of one core.</summary>
internal sealed record ProcessFootprint(string Label, double RssAvgMb, double CpuPercent);

/// <summary>A group over the window: RSS of the summed samples (avg, max), CPU summed, and each member.</summary>
internal sealed record GroupFootprint(string Name, double RssAvgMb, double RssMaxMb, double CpuPercent, IReadOnlyList<ProcessFootprint> Members)
{
    public string Breakdown() => string.Join(", ", Members.Select(m => FormattableString.Invariant($"{m.Label} {m.RssAvgMb:0} MB / {m.CpuPercent:0.00}%")));
}

/// <summary>
/// Samples several groups in one loop, once a second, so every group is measured over the same seconds of the same
/// machine: VmRSS from <c>/proc/PID/status</c> per sample, utime + stime from <c>/proc/PID/stat</c> at both ends.
/// </summary>
internal static class ProcessGroupSampler
{
    /// <summary>The groups' footprints, or null (with the reason printed) when a process exited during the window.</summary>
    public static async Task<IReadOnlyList<GroupFootprint>?> SampleAsync(IReadOnlyList<ProcessGroup> groups, TimeSpan window, CancellationToken ct)
    {
        var all = groups.SelectMany(g => g.Processes).ToArray();
        var startTicks = all.Select(p => ProcStat.Read(p.Pid).Ticks).ToArray();
        var rss = all.Select(_ => new List<double>()).ToArray();
        var sums = groups.Select(_ => new List<double>()).ToArray();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            // The first member waits out the second; the others only prove they still run.
            for (int i = 0; i < all.Length; i++)
            {
                if (!await all[i].WaitAliveAsync(i == 0 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(1), ct))
                {
                    all[i].Died("during the measurement");
                    return null;
                }
            }

            var sample = all.Select(p => ProcStat.RssMegabytes(p.Pid)).ToArray();
            if (sample.Any(mb => mb is null)) continue;
            for (int i = 0; i < all.Length; i++) rss[i].Add(sample[i]!.Value);
            int at = 0;
            for (int g = 0; g < groups.Count; g++)
            {
                var n = groups[g].Processes.Count;
                sums[g].Add(sample.Skip(at).Take(n).Sum(mb => mb!.Value));
                at += n;
            }
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var hz = (double)FootprintHarness.ClockTicksPerSecond();
        var members = all.Select((p, i) => new ProcessFootprint(p.Label, rss[i].DefaultIfEmpty(double.NaN).Average(),
            (ProcStat.Read(p.Pid).Ticks - startTicks[i]) / hz / elapsed * 100)).ToArray();
        var result = new List<GroupFootprint>();
        int offset = 0;
        for (int g = 0; g < groups.Count; g++)
        {
            var mine = members.Skip(offset).Take(groups[g].Processes.Count).ToArray();
            offset += mine.Length;
            result.Add(new GroupFootprint(groups[g].Name, sums[g].DefaultIfEmpty(double.NaN).Average(), sums[g].DefaultIfEmpty(double.NaN).Max(), mine.Sum(m => m.CpuPercent), mine));
        }

        return result;
    }
}
