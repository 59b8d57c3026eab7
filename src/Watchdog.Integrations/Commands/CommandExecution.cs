using System.Text;
using System.Text.RegularExpressions;
using Watchdog.Core.Reports;
using Watchdog.Core.Signals;

namespace Watchdog.Integrations.Commands;

/// <summary>
/// Renders, runs, logs and describes templated commands for <see cref="CommandProvider"/> and
/// <see cref="CommandTask"/>, so both journal the same, redacted, bounded detail.
/// </summary>
internal sealed partial class CommandExecution
{
    /// <summary>Characters of each stream's end shown in a journal detail.</summary>
    public const int DetailTailChars = 2048;

    /// <summary>Characters of stderr put in an exception message.</summary>
    public const int MessageTailChars = 512;

    // A cut can split a secret, leaving a prefix the redactor cannot recognise: drop what follows the last
    // newline, or this much when a cut line has none.
    private const int CutSecretMargin = 256;

    private readonly CommandShellOptions _options;
    private readonly CommandRunner _runner;
    private readonly Redactor _redactor;
    private readonly Redactor _environment;
    private readonly ILogger _logger;
    private readonly string _owner;

    public CommandExecution(string owner, CommandShellOptions options, CommandRunner runner, Redactor redactor, ILogger logger)
    {
        _owner = owner;
        _options = options;
        _runner = runner;
        _redactor = redactor;
        _environment = options.RedactEnvironmentValues ? new Redactor(options.Environment.Values) : Redactor.None;
        _logger = logger;
    }

    public string Redact(string? text) => _environment.Redact(_redactor.Redact(text));

    /// <param name="readOnly">The command only looks (List, Current): its successes are logged at Debug.</param>
    public async Task<CommandRun> RunAsync(string purpose, string template, IReadOnlyDictionary<string, string> values, bool readOnly, TimeSpan timeout, CancellationToken ct)
    {
        var actual = new Dictionary<string, string>(values, StringComparer.Ordinal) { [CommandTemplate.Service] = _options.Service ?? "" };

        // Shown with each value redacted before quoting: quoting rewrites a secret holding a ' so the
        // redactor would no longer find it in the rendered line.
        var masked = actual.ToDictionary(kv => kv.Key, kv => Redact(kv.Value), StringComparer.Ordinal);
        string line, shown;
        try
        {
            shown = Redact(CommandTemplate.Render(template, masked));
            line = CommandTemplate.Render(template, actual);
        }
        catch (ArgumentException e)
        {
            return NotRun(purpose, Redact(template), $"not run: {e.Message}");
        }

        var request = new CommandRequest(line)
        {
            Shell = _options.Shell,
            WorkingDirectory = string.IsNullOrWhiteSpace(_options.WorkingDirectory) ? null : _options.WorkingDirectory,
            Environment = _options.Environment,
            Timeout = timeout,
            MaxOutputBytes = _options.MaxOutputBytes,
        };

        CommandResult result;
        try
        {
            result = await _runner.RunAsync(request, ct);
        }
        catch (CommandFailedException e)
        {
            return NotRun(purpose, shown, Redact(e.Message));
        }

        var ms = (long)result.Duration.TotalMilliseconds;
        if (result.TimedOut) Log.TimedOut(_logger, _owner, purpose, shown, ms);
        else Log.Finished(_logger, !result.Succeeded ? LogLevel.Warning : readOnly ? LogLevel.Debug : LogLevel.Information, _owner, purpose, shown, result.ExitCode, ms);
        return new CommandRun(purpose, shown, result, null, Describe(shown, result, timeout));
    }

    /// <summary>Why a List or Current command did not succeed: redacted, with the end of its stderr (or stdout).</summary>
    public string Failure(CommandRun run)
    {
        if (run.Result is not { } r)
            return $"{_owner} {run.Purpose}: `{run.Shown}` {run.NotRun}";
        var what = r.TimedOut ? $"timed out after {SignalFormat.Duration(r.Duration)}" : $"exited {r.ExitCode} after {SignalFormat.Duration(r.Duration)}";
        var (said, truncated) = r.Stderr.Trim().Length > 0 ? (r.Stderr, r.StderrTruncated) : (r.Stdout, r.StdoutTruncated);
        var tail = Tail(Clean(said, truncated), MessageTailChars).Trim();
        return $"{_owner} {run.Purpose}: `{run.Shown}` {what}{(tail.Length > 0 ? ": " + tail : "")}";
    }

    private CommandRun NotRun(string purpose, string shown, string why)
    {
        Log.NotStarted(_logger, _owner, purpose, shown, why);
        return new CommandRun(purpose, shown, null, why, $"$ {shown}\n{why}");
    }

    private string Describe(string shown, CommandResult r, TimeSpan timeout)
    {
        var text = new StringBuilder().Append("$ ").Append(shown).Append('\n');
        text.Append(r.TimedOut
            ? $"timed out after {SignalFormat.Duration(r.Duration)} (limit {SignalFormat.Duration(timeout)}); process tree killed"
            : $"exit {r.ExitCode} after {SignalFormat.Duration(r.Duration)}");
        Section(text, "stdout", r.Stdout, r.StdoutTruncated);
        Section(text, "stderr", r.Stderr, r.StderrTruncated);
        if (r.Stdout.Trim().Length == 0 && r.Stderr.Trim().Length == 0) text.Append("\n(no output)");
        return text.ToString();
    }

    private void Section(StringBuilder text, string name, string output, bool truncated)
    {
        var clean = Clean(output, truncated).TrimEnd();
        if (clean.Trim().Length == 0) return;
        var tail = Tail(clean, DetailTailChars);
        text.Append('\n').Append(name);
        if (tail.Length < clean.Length) text.Append($" (last {DetailTailChars} of {clean.Length} characters)");
        if (truncated) text.Append(" [output cap reached: later output dropped]");
        text.Append(":\n").Append(tail);
    }

    /// <summary>Redacted, with control characters (ANSI colours, carriage returns) removed and a cut secret's remains dropped.</summary>
    private string Clean(string output, bool truncated)
    {
        if (truncated && output.Length > 0)
        {
            var newline = output.LastIndexOf('\n');
            output = newline >= 0 ? output[..(newline + 1)] : output[..Math.Max(0, output.Length - CutSecretMargin)];
        }

        // Controls go before redaction: a secret split by a colour code would escape the redactor, then be rejoined.
        output = AnsiEscape().Replace(output, "");
        var clean = new StringBuilder(output.Length);
        foreach (var c in output)
            if (!char.IsControl(c) || c is '\n' or '\t') clean.Append(c);
        return Redact(clean.ToString());
    }

    [GeneratedRegex(@"\x1B\[[0-?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();

    private static string Tail(string text, int chars)
    {
        if (text.Length <= chars) return text;
        var start = text.Length - chars;
        if (char.IsLowSurrogate(text[start])) start++;
        return "…" + text[start..];
    }
}
