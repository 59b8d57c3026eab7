namespace Watchdog.Integrations.Kubernetes;

/// <summary>Kubernetes provider events. Messages are our own words plus the server's bounded Status message; never the token.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7601, Level = LogLevel.Debug, Message = "{Provider}: deployment/{Deployment} live: {Live} (generation {Generation}, observed {Observed}, {Updated}/{Replicas} updated, {Available} available)")]
    public static partial void Live(ILogger logger, string provider, string deployment, string live, long generation, long observed, int updated, int replicas, int available);

    [LoggerMessage(EventId = 7602, Level = LogLevel.Information, Message = "{Provider}: deployment/{Deployment} patched back to replicaset {ReplicaSet} (revision {Revision}, {Version}); generation {Generation}")]
    public static partial void RolledBack(ILogger logger, string provider, string deployment, string replicaSet, long revision, string version, long generation);

    [LoggerMessage(EventId = 7603, Level = LogLevel.Information, Message = "{Provider}: deployment/{Deployment} already runs replicaset {ReplicaSet}'s template: rollback skipped")]
    public static partial void RollbackSkipped(ILogger logger, string provider, string deployment, string replicaSet);

    [LoggerMessage(EventId = 7604, Level = LogLevel.Warning, Message = "{Provider}: rollback of deployment/{Deployment} to {Target} refused: {Reason}")]
    public static partial void RollbackRefused(ILogger logger, string provider, string deployment, string target, string reason);

    [LoggerMessage(EventId = 7605, Level = LogLevel.Information, Message = "{Provider}: set {Variable} on container {Container} of deployment/{Deployment} (generation {Generation})")]
    public static partial void VariableSet(ILogger logger, string provider, string variable, string container, string deployment, long generation);

    [LoggerMessage(EventId = 7606, Level = LogLevel.Warning, Message = "{Provider}: could not set {Variable} on deployment/{Deployment}: {Reason}")]
    public static partial void VariableNotSet(ILogger logger, string provider, string variable, string deployment, string reason);

    [LoggerMessage(EventId = 7607, Level = LogLevel.Debug, Message = "{Provider}: kept {Lines} log lines of {Pods} pod(s) of replicaset {ReplicaSet} as evidence")]
    public static partial void LogsRead(ILogger logger, string provider, int lines, int pods, string replicaSet);
}
