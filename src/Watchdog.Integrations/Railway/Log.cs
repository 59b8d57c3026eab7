using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Railway;

/// <summary>Railway log events. They carry ids, versions and Railway's masked words; never the token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "Railway provider {Provider}: listed {Count} deployments over {Pages} page(s)")]
    public static partial void Listed(ILogger logger, string provider, int count, int pages);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Railway provider {Provider}: stopped reading history after {Pages} page(s) ({Count} deployments, MaxPages); older deployments are not candidates")]
    public static partial void HistoryCut(ILogger logger, string provider, int pages, int count);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Debug, Message = "Railway provider {Provider}: live deployment {Deployment} is {Status} with {Instances} instance(s)")]
    public static partial void Live(ILogger logger, string provider, RailwayDeployment deployment, string status, int instances);

    [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "Railway provider {Provider}: rollback to {Target} accepted")]
    public static partial void RollbackAccepted(ILogger logger, string provider, Deployment target);

    [LoggerMessage(EventId = 7105, Level = LogLevel.Warning, Message = "Railway provider {Provider}: rollback to {Target} not accepted: {Reason}")]
    public static partial void RollbackRefused(ILogger logger, string provider, Deployment target, string reason);

    [LoggerMessage(EventId = 7106, Level = LogLevel.Information, Message = "Railway provider {Provider}: deploymentRollback must select fields on this server; asking once more with a selection (the first was refused in validation, so it did not run)")]
    public static partial void RollbackNeedsSelection(ILogger logger, string provider);

    [LoggerMessage(EventId = 7107, Level = LogLevel.Information, Message = "Railway provider {Provider}: set {Variable} and redeployed {Deployment}")]
    public static partial void VariableSet(ILogger logger, string provider, string variable, RailwayDeployment deployment);

    [LoggerMessage(EventId = 7108, Level = LogLevel.Warning, Message = "Railway provider {Provider}: setting {Variable} failed: {Reason}")]
    public static partial void VariableFailed(ILogger logger, string provider, string variable, string reason);

    [LoggerMessage(EventId = 7109, Level = LogLevel.Debug, Message = "Railway provider {Provider}: kept {Lines} log lines of {Deployment} as evidence")]
    public static partial void LogsRead(ILogger logger, string provider, int lines, RailwayDeployment deployment);
}
