using Watchdog.Core.Ports;
using Watchdog.Core.Reports;

namespace Watchdog.Integrations.Commands;

/// <summary>A stabilization step or smoke test run as one shell command (<see cref="CommandTaskOptions"/>); exit code 0 is success.</summary>
public sealed class CommandTask : IRunbookTask
{
    private static readonly IReadOnlyDictionary<string, string> NoValues = new Dictionary<string, string>();
    private readonly CommandTaskOptions _options;
    private readonly CommandExecution _command;

    /// <param name="redactor">Masks configured secrets in the outcome detail and log lines.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="CommandOptionsValidator"/>).</exception>
    public CommandTask(CommandTaskOptions options, CommandRunner runner, Redactor redactor, ILogger<CommandTask> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = CommandOptionsValidator.Problems(options);
        if (problems.Count > 0)
            throw new ArgumentException($"command task '{options.Name}': {string.Join(" ", problems)}", nameof(options));
        _options = options;
        _command = new CommandExecution("task " + options.Name, options, runner, redactor, logger);
    }

    public string Name => _options.Name;

    public async Task<StepOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var run = await _command.RunAsync("run", _options.Command!, NoValues, readOnly: false, _options.Timeout, cancellationToken);
        return run.Ok ? StepOutcome.Success(run.Detail) : StepOutcome.Failure(run.Detail);
    }
}
