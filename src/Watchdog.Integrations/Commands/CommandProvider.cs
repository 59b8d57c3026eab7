using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Core.Releases;

namespace Watchdog.Integrations.Commands;

/// <summary>
/// A deployment provider made of templated shell commands (<see cref="CommandProviderOptions"/>).
/// A command that fails is a failed result (List, Current) or outcome (Rollback,
/// SetVariable), never an exception. Every outcome detail holds the command line as run, the exit
/// code, the duration and the end of the output, redacted.
/// </summary>
public sealed class CommandProvider : IDeploymentProvider, IVerifier, IVariableStates
{
    private readonly CommandProviderOptions _options;
    private readonly CommandExecution _commands;
    private readonly ILogger _logger;

    /// <param name="redactor">Masks configured secrets in every detail, exception and log line.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="CommandOptionsValidator"/>).</exception>
    public CommandProvider(CommandProviderOptions options, CommandRunner runner, Redactor redactor, ILogger<CommandProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = CommandOptionsValidator.Problems(options);
        if (problems.Count > 0)
            throw new ArgumentException($"command provider '{options.Name}': {string.Join(" ", problems)}", nameof(options));
        _options = options;
        _logger = logger;
        _commands = new CommandExecution(options.Name, options, runner, redactor, logger);
    }

    public string Name => _options.Name;

    public async Task<PeerResult<IReadOnlyList<Deployment>>> ListAsync(CancellationToken cancellationToken)
    {
        var run = await _commands.RunAsync("list", _options.List!, Values.Empty, readOnly: true, _options.Timeout, cancellationToken);
        if (!run.Ok) return PeerResult.Failed<IReadOnlyList<Deployment>>(_commands.Failure(run));
        try
        {
            return PeerResult.Of<IReadOnlyList<Deployment>>(DeploymentListParser.Parse(run.Result!.Stdout, run.Result.StdoutTruncated));
        }
        catch (FormatException e)
        {
            return PeerResult.Failed<IReadOnlyList<Deployment>>($"{Name} list: `{run.Shown}` printed a list that cannot be read: {_commands.Redact(e.Message)}");
        }
    }

    /// <summary>Whether a <c>Variables</c> command is configured: without one the variables cannot be read.</summary>
    public bool ReadsVariables => _options.Variables is not null;

    /// <summary>
    /// The <c>Variables</c> command's <c>NAME=VALUE</c> lines, each value digested at once. Its output holds secrets, so a
    /// failure says the exit code and never the output (unlike the other commands' details).
    /// </summary>
    public async Task<PeerResult<IReadOnlyList<VariableState>>> ReadVariablesAsync(CancellationToken cancellationToken)
    {
        if (_options.Variables is not { } command) return PeerResult.Failed<IReadOnlyList<VariableState>>($"{Name}: no Variables command is configured");
        var run = await _commands.RunAsync("variables", command, Values.Empty, readOnly: true, _options.Timeout, cancellationToken);
        if (!run.Ok || run.Result!.StdoutTruncated)
        {
            var why = run.Result is not { } r ? $"could not be run ({run.NotRun})" : r.TimedOut ? "timed out" : r.StdoutTruncated ? "printed more than is read" : $"exited {r.ExitCode}";
            return PeerResult.Failed<IReadOnlyList<VariableState>>($"{Name} variables: `{run.Shown}` {why}; its output is not shown (it holds secrets)");
        }

        return PeerResult.Of<IReadOnlyList<VariableState>>([.. run.Result.Stdout.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#') && l.IndexOf('=', StringComparison.Ordinal) > 0)
            .Select(l => new VariableState(l[..l.IndexOf('=', StringComparison.Ordinal)].Trim(), VariableDigest.Of(l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]), null))]);
    }

    /// <summary>
    /// The live deployment as listed (so its version and time are known): matched by id, or by version when
    /// exactly one listed deployment has it. Else known by its id only, also when List fails. Null when Current prints nothing.
    /// </summary>
    public async Task<PeerResult<Deployment?>> GetLiveAsync(CancellationToken cancellationToken)
    {
        var run = await _commands.RunAsync("current", _options.Current!, Values.Empty, readOnly: true, _options.Timeout, cancellationToken);
        if (!run.Ok) return PeerResult.Failed<Deployment?>(_commands.Failure(run));
        if (DeploymentListParser.ParseCurrent(run.Result!.Stdout) is not { } id) return PeerResult.Of<Deployment?>(null);

        var listed = await ListAsync(cancellationToken);
        if (listed.Value is not { } known)
        {
            // Knowing what is live matters more than knowing its version: the executor compares ids.
            Log.LiveNotMapped(_logger, Name, _commands.Redact(id), listed.Error!);
            return PeerResult.Of<Deployment?>(new Deployment(id, id));
        }

        var byVersion = known.Where(d => d.Version == id).Take(2).ToList();
        return PeerResult.Of<Deployment?>(known.FirstOrDefault(d => d.Id == id) ?? (byVersion.Count == 1 ? byVersion[0] : new Deployment(id, id)));
    }

    public Task<StepOutcome> RollbackAsync(Deployment target, CancellationToken cancellationToken) =>
        RunForAsync("rollback", _options.Rollback!, target, readOnly: false, cancellationToken);

    /// <summary>Whether a <see cref="CommandProviderOptions.Verify"/> command is configured.</summary>
    public bool CanVerify => _options.Verify is not null;

    /// <summary>Runs the <see cref="CommandProviderOptions.Verify"/> command for <paramref name="expected"/>.</summary>
    public Task<StepOutcome> VerifyAsync(Deployment expected, CancellationToken cancellationToken) => _options.Verify is { } verify
        ? RunForAsync("verify", verify, expected, readOnly: false, cancellationToken)
        : Task.FromResult(StepOutcome.Success($"{Name}: no Verify command configured"));

    private async Task<StepOutcome> RunForAsync(string what, string template, Deployment target, bool readOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CommandTemplate.Target] = target.Id,
            [CommandTemplate.Version] = target.Version,
        };
        var run = await _commands.RunAsync(what, template, values, readOnly, _options.Timeout, cancellationToken);
        return run.Ok ? StepOutcome.Success(run.Detail) : StepOutcome.Failure(run.Detail);
    }

    /// <summary>With a Restart command, setting a variable restarts what is live.</summary>
    public bool SetVariableRedeploys => _options.Restart is not null;

    public async Task<StepOutcome> SetVariableAsync(string name, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (_options.SetVariable is null)
            return StepOutcome.Failure($"{Name}: cannot set {_commands.Redact(name)}: no SetVariable command is configured for this provider");

        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CommandTemplate.Name] = name,
            [CommandTemplate.Value] = value,
        };
        var set = await _commands.RunAsync("set-variable", _options.SetVariable, values, readOnly: false, _options.Timeout, cancellationToken);
        if (!set.Ok || _options.Restart is null)
            return set.Ok ? StepOutcome.Success(set.Detail) : StepOutcome.Failure(set.Detail);

        var restart = await _commands.RunAsync("restart", _options.Restart, values, readOnly: false, _options.Timeout, cancellationToken);
        var detail = $"{set.Detail}\n{restart.Detail}";
        return restart.Ok ? StepOutcome.Success(detail) : StepOutcome.Failure(detail);
    }

    private static class Values
    {
        public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();
    }
}
