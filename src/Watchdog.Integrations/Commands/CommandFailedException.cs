namespace Watchdog.Integrations.Commands;

/// <summary>
/// A command could not be started, failed, timed out, or printed something unreadable. The message is
/// already redacted and bounded, so it is safe to journal.
/// </summary>
public sealed class CommandFailedException : Exception
{
    public CommandFailedException()
    {
    }

    public CommandFailedException(string message)
        : base(message)
    {
    }

    public CommandFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
