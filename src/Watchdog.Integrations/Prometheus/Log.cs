using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Prometheus;

/// <summary>Reasons reach these methods bounded and with secrets masked; URLs through <c>SafeUrl</c>; never a header.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Prometheus {Source} at {Url}: {Signal} of {Service} failed: {Reason}")]
    public static partial void QueryFailed(ILogger logger, string source, string url, Signal signal, string service, string reason);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Debug, Message = "Prometheus {Source} at {Url}: {Signal} of {Service} still failing: {Reason}")]
    public static partial void QueryStillFailing(ILogger logger, string source, string url, Signal signal, string service, string reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Prometheus {Source} at {Url}: {Signal} of {Service} measured again")]
    public static partial void QueryRecovered(ILogger logger, string source, string url, Signal signal, string service);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Prometheus {Source}: {Signal} of {Service} has no data: {Reason}")]
    public static partial void NoData(ILogger logger, string source, Signal signal, string service, string reason);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Prometheus {Source} warns about {Query} of {Service}: {Warning}")]
    public static partial void Warned(ILogger logger, string source, string query, string service, string warning);
}
