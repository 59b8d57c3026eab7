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
    /// <param name="values">Placeholders the command may use besides <c>{service}</c>, given to <see cref="RunAsync(IReadOnlyDictionary{string, string}, CancellationToken)"/>.</param>
    public CommandTask(CommandTaskOptions options, CommandRunner runner, Redactor redactor, ILogger<CommandTask> logger, IReadOnlyCollection<string>? values = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = CommandOptionsValidator.Problems(options, values ?? []);
        if (problems.Count > 0)
            throw new ArgumentException($"command task '{options.Name}': {string.Join(" ", problems)}", nameof(options));
        _options = options;
        _command = new CommandExecution("task " + options.Name, options, runner, redactor, logger);
    }

    public string Name => _options.Name;

    public Task<StepOutcome> RunAsync(CancellationToken cancellationToken) => RunAsync(NoValues, cancellationToken);

    /// <summary>Whether the command uses the placeholder <paramref name="word"/>.</summary>
    public bool Uses(string word) => CommandTemplate.Uses(_options.Command, word);

    /// <param name="values">The placeholders' values, each quoted for the shell.</param>
    public async Task<StepOutcome> RunAsync(IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        var run = await _command.RunAsync("run", _options.Command!, values, readOnly: false, _options.Timeout, cancellationToken);
        return run.Ok ? StepOutcome.Success(run.Detail) : StepOutcome.Failure(run.Detail);
    }
}
