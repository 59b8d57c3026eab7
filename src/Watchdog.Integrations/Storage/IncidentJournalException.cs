namespace Watchdog.Integrations.Storage;

/// <summary>
/// The journal file cannot be used: not a database, corrupt, unreadable, or written by a newer Watchdog. Start-up must
/// stop on it: acting without a journal would forget or repeat rollbacks.
/// </summary>
public sealed class IncidentJournalException : Exception
{
    public IncidentJournalException(string path, string problem, Exception? innerException = null)
        : base($"The incident journal '{path}' {problem}", innerException) => DatabasePath = path;

    public string DatabasePath { get; }
}
