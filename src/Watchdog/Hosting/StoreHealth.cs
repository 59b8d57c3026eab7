using Microsoft.Extensions.Logging;
using Watchdog.Core.Channels;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Hosting;

/// <summary>
/// The journal as start-up and the journal watch last found it: whether it answered, what is wrong and since when, and
/// whether start-up has read it back. Decisions wait while the gate is closed; /readyz and <c>watchdog_store_up</c>
/// show it; the log and every channel hear each change once (lost, sound again), however many checks repeat it.
/// </summary>
public sealed partial class StoreHealth(string location, NotifierFanout? fanout, Redactor redactor, TimeProvider time, ILogger logger) : IJournalGate
{
    private readonly Lock _gate = new();
    private volatile string? _problem;
    private volatile bool _answered;
    private volatile bool _ready;
    private DateTimeOffset? _lostSince;

    /// <summary>Where the journal is (no password): a file, or PostgreSQL host:port/database.</summary>
    public string Location => location;

    /// <summary>What is wrong with the journal, from the last attempt or check; null while it answers (or before anything was tried).</summary>
    public string? Problem => _problem;

    /// <summary>The journal answered the last attempt or check.</summary>
    public bool Up => _answered && _problem is null;

    /// <summary>Start-up is done: the journal was opened and its open incidents handed back to their services.</summary>
    public bool Ready
    {
        get => _ready;
        internal set => _ready = value;
    }

    /// <summary>Decisions may be taken: start-up is done and the journal answers.</summary>
    public bool IsOpen => Ready && Up;

    /// <summary>What the last attempt or check found: null when the journal answered. Says so when that changes.</summary>
    public async Task ReportAsync(string? problem, CancellationToken ct)
    {
        problem = problem is null ? null : redactor.Redact(problem);
        Notification said;
        lock (_gate)
        {
            _problem = problem;
            _answered |= problem is null;
            if (problem is not null && _lostSince is null)
            {
                _lostSince = time.GetUtcNow();
                LogLost(logger, location, problem);
                said = Messages.JournalLost(location, problem, _lostSince.Value);
            }
            else if (problem is null && _lostSince is { } since)
            {
                _lostSince = null;
                LogBack(logger, location);
                said = Messages.JournalBack(location, since, time.GetUtcNow());
            }
            else
            {
                return;
            }
        }

        if (fanout is not null) await fanout.SendAsync(said, ct);
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Critical, Message = "The incident journal {Path} is lost: {Problem}. Watchdog acts on nothing until it is sound again")]
    private static partial void LogLost(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "The incident journal {Path} is sound again")]
    private static partial void LogBack(ILogger logger, string path);
}
