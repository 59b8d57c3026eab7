using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Vercel;

/// <summary>Vercel log events. They carry ids, names and Vercel's masked messages; never the token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7601, Level = LogLevel.Information, Message = "{Provider}: listed {Count} deployments in {Pages} pages and stopped at MaxPages; older history is left out")]
    public static partial void HistoryCut(ILogger logger, string provider, int count, int pages);

    [LoggerMessage(EventId = 7602, Level = LogLevel.Information, Message = "{Provider}: Vercel's {Type} to {To} (from {From}) is {Status}")]
    public static partial void AliasJob(ILogger logger, string provider, string type, string to, string from, string status);

    [LoggerMessage(EventId = 7603, Level = LogLevel.Warning, Message = "{Provider}: Vercel's {Type} to {To} FAILED: not every production domain moved, production still serves {Live}; GET /v9/projects/{Project}/rollback/aliases?failedOnly=true lists the domains that did not move")]
    public static partial void AliasJobFailed(ILogger logger, string provider, string type, string to, string live, string project);

    [LoggerMessage(EventId = 7604, Level = LogLevel.Warning, Message = "{Provider}: the project names no production deployment (no targets.production and no finished alias request)")]
    public static partial void LiveUnknown(ILogger logger, string provider);

    [LoggerMessage(EventId = 7605, Level = LogLevel.Warning, Message = "{Provider}: the live deployment {Id} could not be looked up in the list ({Reason}); known by its id only")]
    public static partial void LiveNotListed(ILogger logger, string provider, string id, string reason);

    [LoggerMessage(EventId = 7606, Level = LogLevel.Information, Message = "{Provider}: Vercel accepted the {Request} of project {Project} to {Target}: HTTP {Status}")]
    public static partial void AliasRequestAccepted(ILogger logger, string provider, string request, string project, Deployment target, int status);

    [LoggerMessage(EventId = 7607, Level = LogLevel.Warning, Message = "{Provider}: the {Request} to {Target} was not accepted: {Detail}")]
    public static partial void AliasRequestRefused(ILogger logger, string provider, string request, Deployment target, string detail);

    [LoggerMessage(EventId = 7608, Level = LogLevel.Warning, Message = "{Provider}: asked to set {Variable}, which the Vercel provider does not support")]
    public static partial void VariableUnsupported(ILogger logger, string provider, string variable);

    [LoggerMessage(EventId = 7609, Level = LogLevel.Information, Message = "{Provider}: autoAssignCustomDomains set to {On} on project {Project}")]
    public static partial void AutoAssignSet(ILogger logger, string provider, string project, bool on);

    [LoggerMessage(EventId = 7610, Level = LogLevel.Warning, Message = "{Provider}: {Detail}")]
    public static partial void AutoAssignFailed(ILogger logger, string provider, string detail);
}
