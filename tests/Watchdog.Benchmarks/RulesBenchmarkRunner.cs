using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Watchdog.Benchmarks;

/// <summary>Runs <see cref="RuleEvaluationBenchmarks"/> with a short job and a readings/s column.</summary>
public static class RulesBenchmarkRunner
{
    public static int Run(string[] args)
    {
        // One launch, 3 warm-ups, 10 measured iterations: about a minute and a half for the class on
        // 2 cores, with tighter error bars than ShortRun's 3 iterations.
        var config = DefaultConfig.Instance
            .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithId("Quick"))
            .AddColumn(new ReadingsPerSecondColumn())
            .WithOptions(ConfigOptions.JoinSummary);

        var summary = BenchmarkRunner.Run<RuleEvaluationBenchmarks>(config, args);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }
}

/// <summary>How many readings one invocation of a benchmark judges, for the readings/s column.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadingsPerOperationAttribute(int count) : Attribute
{
    public int Count { get; } = count;
}

/// <summary>Readings per second on one core: readings per op × 10⁹ / mean ns per op.</summary>
public sealed class ReadingsPerSecondColumn : IColumn
{
    public string Id => nameof(ReadingsPerSecondColumn);
    public string ColumnName => "Readings/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Readings judged per second on one core (readings per op / mean time per op)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var perOp = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<ReadingsPerOperationAttribute>()?.Count ?? 1;
        var meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (meanNs is not > 0) return "NA";
        var perSecond = perOp * 1e9 / meanNs.Value;
        return perSecond >= 1e6
            ? (perSecond / 1e6).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " M"
            : perSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
