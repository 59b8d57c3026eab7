using Microsoft.Extensions.Logging;

namespace Watchdog.Integrations.Tests.Http;

/// <summary>Keeps every formatted log line, so tests can check what was (and was not) written.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Text)> _lines = [];

    public IReadOnlyList<(LogLevel Level, string Text)> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public string All => string.Join("\n", Lines.Select(l => $"{l.Level}: {l.Text}"));

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_lines) _lines.Add((logLevel, formatter(state, exception) + (exception is null ? "" : " | " + exception)));
    }
}
