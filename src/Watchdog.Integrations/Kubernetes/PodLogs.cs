using Watchdog.Integrations.Http;
using System.Globalization;
using System.Net;
using System.Text;

namespace Watchdog.Integrations.Kubernetes;

/// <summary>
/// The last lines of a ReplicaSet's pods, kept as incident evidence: its pods by its own selector (the
/// Deployment's plus <c>pod-template-hash</c>, so an old ReplicaSet's pods are never read) and controller
/// reference; up to <see cref="MaxPods"/> of them, the most telling first (<see cref="PodObject.MostTelling"/>);
/// each app container's log tail from <c>GET …/pods/{name}/log</c> with timestamps, which order the lines of
/// all pods into one list. A restarted container's previous run is read too: that is where a crash shows.
/// </summary>
internal sealed class PodLogs(KubernetesApi api, string ns, string target, int pageSize)
{
    public const int MaxPods = 3;

    /// <summary><c>limitBytes</c> of every log request, and the most read of any answer even if a server ignores it.</summary>
    public const int MaxLogBytes = 64 * 1024;

    /// <summary>
    /// At most <paramref name="maxLines"/> lines, oldest first, each prefixed with its pod's name; notes on pods
    /// that had no logs to give come first. Empty when the ReplicaSet has no pods.
    /// </summary>
    /// <exception cref="PeerRefusedException">Pods or their logs may not be read (403, with what to add to the Role), or no pod's log could be read.</exception>
    public async Task<(IReadOnlyList<string> Lines, int Pods)> ReadAsync(ReplicaSetObject rs, string selector, string container, int maxLines, CancellationToken ct)
    {
        List<PodObject> pods;
        try
        {
            var items = await api.ListAsync(KubernetesApi.PodsPath(ns), selector, pageSize, ct);
            pods = [.. PodObject.MostTelling(items.Select(p => PodObject.ParseIfControlledBy(p, rs.Uid, container)).OfType<PodObject>()).Take(MaxPods)];
        }
        catch (PeerRefusedException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            throw RoleRefusal.Explain(e, $"list pods in namespace {ns}", "pods (get, list) and pods/log (get)");
        }

        var notes = new List<string>();
        var runs = new List<List<Line>>();
        foreach (var pod in pods)
        {
            List<Line> current;
            try
            {
                current = await TailAsync(pod.Name, container, maxLines, previous: false, notes, ct);
            }
            catch (PeerRefusedException e) when (!Fatal(e))
            {
                // Waiting to start (400), gone since the list (404), or a kubelet that did not answer: worth keeping too.
                notes.Add($"[{pod.Name}] no log: {e.Message}");
                continue;
            }

            List<Line> before = [];
            if (pod.Restarts > 0 || current.Count == 0)
            {
                try
                {
                    before = await TailAsync(pod.Name, container, maxLines, previous: true, notes, ct);
                }
                catch (PeerRefusedException e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
                {
                    // No earlier run kept (kubelet keeps one); the current run is all there is.
                }
                catch (PeerRefusedException e) when (!Fatal(e))
                {
                    notes.Add($"[{pod.Name}] no previous log: {e.Message}");
                }

                // A container waiting to restart answers its last run for both: keep it once.
                if (before.Count > 0 && before.Select(l => l.Text).SequenceEqual(current.Select(l => l.Text))) before = [];
            }

            runs.Add([.. before, .. current]);
        }

        if (runs.Count == 0 && notes.Count > 0)
            throw new PeerRefusedException("Kubernetes", $"no log of {target}'s pods could be read: {string.Join("; ", notes)}");

        var room = Math.Max(0, maxLines - notes.Count);
        var newest = Merge(runs).TakeLast(room);
        return ([.. notes.Take(maxLines), .. newest.Select(l => l.Text)], pods.Count);
    }

    /// <summary>Refusals that hold for every pod: no point asking the next.</summary>
    private static bool Fatal(PeerRefusedException e) => e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;

    private async Task<List<Line>> TailAsync(string pod, string container, int lines, bool previous, List<string> notes, CancellationToken ct)
    {
        var query = $"?container={Uri.EscapeDataString(container)}&tailLines={lines.ToString(CultureInfo.InvariantCulture)}"
            + $"&limitBytes={MaxLogBytes.ToString(CultureInfo.InvariantCulture)}&timestamps=true" + (previous ? "&previous=true" : "");
        string text;
        bool cut;
        try
        {
            (text, cut) = await api.GetTextAsync(KubernetesApi.PodLogPath(ns, pod) + query, MaxLogBytes, ct);
        }
        catch (PeerRefusedException e) when (e.StatusCode == HttpStatusCode.Forbidden)
        {
            throw RoleRefusal.Explain(e, $"read pods/log in namespace {ns}", "pods/log (get)");
        }

        // At the cap the last line may be half: dropped. limitBytes counts from the start of the tail, so what is
        // missing is the newest.
        cut |= Encoding.UTF8.GetByteCount(text) >= MaxLogBytes;
        if (cut) notes.Add($"[{pod}] {(previous ? "previous " : "")}log cut at {MaxLogBytes} bytes: its newest lines are missing");
        return Parse(pod, text, cut);
    }

    /// <summary>One line as kubelet sends it with <c>timestamps=true</c>: an RFC 3339 time with nanoseconds, a space, the text.</summary>
    private readonly record struct Line(DateTimeOffset At, string Text);

    private static List<Line> Parse(string pod, string text, bool cut)
    {
        var raw = text.Split('\n');
        var count = raw.Length;
        if (cut || raw[^1].Length == 0) count--;
        var lines = new List<Line>(Math.Max(count, 0));
        var at = DateTimeOffset.MinValue;
        for (var i = 0; i < count; i++)
        {
            var line = raw[i].TrimEnd('\r');
            // A line without a time (a server that ignored timestamps=true) sorts with the line before it.
            if (Timestamp(line) is { } stamp) at = stamp;
            lines.Add(new Line(at, $"[{pod}] {line}"));
        }

        return lines;
    }

    private static DateTimeOffset? Timestamp(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var token = space < 0 ? line : line[..space];
        return token.Length >= 20 && token[10] == 'T'
            && DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    /// <summary>Every pod's lines in one list by time; lines of one pod, and lines at the same instant, keep their order.</summary>
    private static IEnumerable<Line> Merge(List<List<Line>> runs) =>
        runs.SelectMany((run, p) => run.Select((line, i) => (line, p, i)))
            .OrderBy(x => x.line.At)
            .ThenBy(x => x.p)
            .ThenBy(x => x.i)
            .Select(x => x.line);
}
