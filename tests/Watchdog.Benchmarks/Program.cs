using Watchdog.Benchmarks;

// One binary, four measurements:
//   rules     → BenchmarkDotNet over the rule evaluator (extra args go to BenchmarkDotNet, e.g. --filter *Batch*)
//   footprint → starts the built host against 100 fake services and samples its RSS and CPU
//   fleet     → the built host watching 100 … 10,000 endpoints: start-up, each probe's lateness, CPU and RSS
//   journal   → journaled step latency (SaveAsync, ledger TryAddAsync) on SQLite and PostgreSQL
//   failover  → three hosts on one PostgreSQL, the holder SIGKILLed mid-incident: time to another's first action
//   decision  → from the decision to the provider's rollback call, and the one journal write between them
//   compare   → Watchdog beside blackbox exporter + Prometheus + Alertmanager: footprint and detection delay, one run
return args.Length == 0 ? Usage() : args[0].ToLowerInvariant() switch
{
    "rules" => RulesBenchmarkRunner.Run(args[1..]),
    "footprint" => await FootprintHarness.RunAsync(args[1..]),
    "fleet" => await FleetHarness.RunAsync(args[1..]),
    "journal" => await JournalLatencyHarness.RunAsync(args[1..]),
    "failover" => await FailoverHarness.RunAsync(args[1..]),
    "decision" => await DecisionLatencyHarness.RunAsync(args[1..]),
    "compare" => await CompareHarness.RunAsync(args[1..]),
    "judge" => JudgeBenchmark.Run(args[1..]),
    ProbeFloor.Mode => await ProbeFloor.RunAsync(args[1..]),
    "-h" or "--help" or "help" => Usage(exitCode: 0),
    _ => Usage(),
};

static int Usage(int exitCode = 1)
{
    var text = """
        Usage:
          dotnet run -c Release --project tests/Watchdog.Benchmarks -- rules [BenchmarkDotNet args]
              Rule evaluation throughput and allocations (short job, under two minutes on 2 cores).
          dotnet run -c Release --project tests/Watchdog.Benchmarks -- footprint [options]
              Idle footprint of the real host watching 100 services. Build it first:
                dotnet build -c Release src/Watchdog
              Options:
                --watchdog PATH   Watchdog.dll to run (default: src/Watchdog/bin/Release/net10.0/Watchdog.dll under the repo root),
                                  or the native executable (any path not ending in .dll), e.g. artifacts/native/Watchdog
                --warmup N        seconds before sampling starts (default 30)
                --seconds N       measurement window in seconds (default 120)
                --services N      fake services to watch (default 100)
                --interval DUR    poll interval written to the config (default 10s)
                --live-check DUR  each service's LiveCheckInterval (default: the product's 1m; 0 turns it off)
                --postgres CS     keep the journal on this PostgreSQL database instead of SQLite
                --floor           measure the platform's floor instead: the same GETs from one bare HttpClient on timers
                --keep            keep the temporary config and data directory
          dotnet run -c Release --project tests/Watchdog.Benchmarks -- fleet [options]
              The real host watching a fleet at each size: time to /readyz, probe lateness p50/p99/max against each
              service's schedule, CPU and RSS over a steady window. Build the host first, as for footprint.
              Options:
                --sizes LIST      endpoints per run (default 100,500,1000,2000,5000,10000)
                --warmup N        seconds after /readyz before the window (default 20)
                --window N        measurement window in seconds (default 60)
                --interval DUR    poll interval written to the config (default 10s)
                --live-check DUR  each service's LiveCheckInterval (default 0: the probes alone, no provider shells)
                --expect spread|together  the schedule lateness is counted against (default spread: each at its phase)
                --watchdog PATH, --keep   as for footprint
          dotnet run -c Release --project tests/Watchdog.Benchmarks -- journal [--saves N] [--postgres CONNECTION-STRING]
              Journaled step latency p50/p99 on SQLite and on PostgreSQL (default: WATCHDOG_TEST_POSTGRES's server).
          dotnet run -c Release --project tests/Watchdog.Benchmarks -- failover [--runs N] [--ttl 00:00:15] [--postgres CONNECTION-STRING]
              Failover time, median and max over the runs (default 10): three hosts on one PostgreSQL (a database per run),
              the holder SIGKILLed during verification, until another instance journals its first step.
          dotnet run -c Release --project tests/Watchdog.Benchmarks -- decision [--runs N] [--platform-ms MS] [--announce-ms MS] [--postgres CONNECTION-STRING]
              From the decision to the provider's rollback call, in process on SQLite (and PostgreSQL), and the journal write between.
          dotnet run -c Release --project tests/Watchdog.Benchmarks -- compare [options]
              Watchdog beside the blackbox exporter + Prometheus + Alertmanager stack (Debian packages; Watchdog alone
              without them), same fake app, one run: RSS and CPU at N endpoints, then detection delay beyond for:.
              Options:
                --endpoints N     footprint endpoints (default 100)
                --interval DUR    footprint probe interval, both sides (default 10s)
                --warmup N, --window N  seconds before and of the footprint sampling (default 30, 90)
                --runs N          detection runs, one endpoint each (default 5)
                --poll DUR, --for DUR   detection probe interval and rule hold (default 1s, 20s)
                --only footprint|detection, --watchdog-only, --live-check DUR (default 0), --watchdog PATH, --keep
        """;
    (exitCode == 0 ? Console.Out : Console.Error).WriteLine(text);
    return exitCode;
}
