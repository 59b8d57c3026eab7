using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NSubstitute;
using Watchdog.Configuration;
using Watchdog.Core.Channels;
using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Core.Reports;
using Watchdog.Hosting;
using Watchdog.Integrations.Storage;
using Watchdog.Metrics;
using Watchdog.Testing;
using Watchdog.Tests.Support;

namespace Watchdog.Tests.Hosting;

/// <summary>Start-up over a journal double that fails as an unreachable PostgreSQL does (Npgsql's own exception), on a manual clock.</summary>
public class JournalRetryTests
{
    private const string Location = "PostgreSQL db:5432/watchdog";
    private readonly ManualTimeProvider _clock = new();
    private readonly FlakyJournal _journal = new();
    private readonly Inbox _inbox = new();
    private readonly IHostApplicationLifetime _lifetime = Substitute.For<IHostApplicationLifetime>();
    private readonly WatchdogRuntime _runtime;
    private readonly RuntimeStarter _starter;

    public JournalRetryTests()
    {
        var values = InProcessHost.Service(new Uri("http://127.0.0.1:9/health"));
        var settings = SettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), out _)!;
        var fanout = new NotifierFanout([new Channel(_inbox, new ChannelRoute())], Redactor.None, _clock, TimeSpan.FromSeconds(10));
        _runtime = new WatchdogRuntime([]) { Journal = new StoreHealth(Location, fanout, Redactor.None, _clock, NullLogger.Instance) };
        var store = Substitute.For<IIncidentStore>();
        store.ListAsync(default, default).ReturnsForAnyArgs([]);
        store.ListOpenAsync(default).ReturnsForAnyArgs([]);
        var leases = new LeaseKeeper(_runtime, Substitute.For<ILeases>(), store, Substitute.For<ILedger>(), settings.Store, _clock, _lifetime, NullLogger<LeaseKeeper>.Instance);
        _starter = new RuntimeStarter(_runtime, store, _journal, new IncidentMetrics(Prometheus.Metrics.NewCustomRegistry(), settings), leases, _lifetime,
            _clock, NullLogger<RuntimeStarter>.Instance);
    }

    [Fact]
    public async Task UnreachableAtStart_StartUpGoesOn_RetriesWithBackoff_AndIsReadyOnceItAnswers()
    {
        _journal.Fault = Unreachable();
        await _starter.StartAsync(CancellationToken.None); // returns: the host starts without its journal

        _runtime.Ready.ShouldBeFalse();
        await UntilAsync(() => _runtime.JournalProblem is not null);
        _runtime.JournalProblem!.ShouldContain(Location);
        _runtime.Journal.Up.ShouldBeFalse();
        _runtime.Journal.IsOpen.ShouldBeFalse();

        await RunForAsync(TimeSpan.FromMinutes(5));
        // Backoff, not a retry per tick: 1 s doubling (with jitter) up to 30 s is about 15 attempts in five minutes, not 300.
        _journal.Attempts.ShouldBeInRange(6, 25);
        _inbox.Titles.ShouldHaveSingleItem().ShouldContain("NO JOURNAL");

        _journal.Fault = null;
        await RunForAsync(JournalRetry.LongestDelay + TimeSpan.FromSeconds(2));

        _runtime.Ready.ShouldBeTrue();
        _runtime.Journal.Up.ShouldBeTrue();
        _runtime.Journal.IsOpen.ShouldBeTrue();
        _runtime.JournalProblem.ShouldBeNull();
        _inbox.Titles.Count.ShouldBe(2);
        _inbox.Titles[1].ShouldContain("journal is sound again");
        _lifetime.DidNotReceive().StopApplication();
    }

    [Fact]
    public async Task AnsweredWithARefusalWhileWaiting_StopsTheHost_NotWaitedOut()
    {
        _journal.Fault = Unreachable();
        await _starter.StartAsync(CancellationToken.None);
        await RunForAsync(TimeSpan.FromSeconds(10));

        _journal.Fault = new IncidentJournalException(Location, "cannot be opened: 28P01: password authentication failed", new PostgresException("password authentication failed", "FATAL", "FATAL", "28P01"));
        try
        {
            await RunForAsync(JournalRetry.LongestDelay + TimeSpan.FromSeconds(2));
            _lifetime.Received(1).StopApplication();
            Environment.ExitCode.ShouldBe(1);
            _runtime.Ready.ShouldBeFalse();
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    [Fact]
    public async Task RefusedAtStart_StartUpStops()
    {
        _journal.Fault = new IncidentJournalException(Location, "is at schema version 9, newer than this Watchdog knows (1)");

        await Should.ThrowAsync<IncidentJournalException>(() => _starter.StartAsync(CancellationToken.None));
        _journal.Attempts.ShouldBe(1);
    }

    private static IncidentJournalException Unreachable() =>
        new(Location, "cannot be opened: Failed to connect to db:5432", new NpgsqlException("Failed to connect to db:5432", new SocketException((int)SocketError.ConnectionRefused)));

    /// <summary>Moves the manual clock on a second at a time, letting what each step wakes run before the next.</summary>
    private async Task RunForAsync(TimeSpan span)
    {
        for (var moved = TimeSpan.Zero; moved < span; moved += TimeSpan.FromSeconds(1))
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            for (var i = 0; i < 20 && _clock.PendingTimers == 0; i++) await Task.Delay(1);
        }
    }

    private static async Task UntilAsync(Func<bool> done)
    {
        for (var i = 0; i < 2000 && !done(); i++) await Task.Delay(5);
        done().ShouldBeTrue();
    }

    private sealed class FlakyJournal : IJournalInitializer
    {
        private int _attempts;

        public volatile Exception? Fault;

        public int Attempts => Volatile.Read(ref _attempts);

        public Task InitializeAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            return Fault is { } fault ? Task.FromException(fault) : Task.CompletedTask;
        }
    }

    private sealed class Inbox : INotifier
    {
        private readonly List<string> _titles = [];

        public string Name => "inbox";

        public IReadOnlyList<string> Titles
        {
            get { lock (_titles) return [.. _titles]; }
        }

        public Task SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            lock (_titles) _titles.Add(notification.Title);
            return Task.CompletedTask;
        }
    }
}
