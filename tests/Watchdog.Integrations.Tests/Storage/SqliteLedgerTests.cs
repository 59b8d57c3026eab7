using Watchdog.Core.Ports;

namespace Watchdog.Integrations.Tests.Storage;

public sealed class SqliteLedgerTests : IDisposable
{
    private readonly TempJournal _journal = new();

    public void Dispose() => _journal.Dispose();

    [Fact]
    public async Task Get_AfterARestart_ReturnsWhatWasSet()
    {
        ILedger first = _journal.Open();
        await first.SetAsync("statuspage", "incident-1", "sp-42", CancellationToken.None);

        ILedger next = _journal.Open();

        (await next.GetAsync("statuspage", "incident-1", CancellationToken.None)).ShouldBe("sp-42");
        (await next.GetAsync("statuspage", "incident-2", CancellationToken.None)).ShouldBeNull();
        (await next.GetAsync("other-scope", "incident-1", CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Set_TwiceOnOneKey_KeepsTheLatestValue()
    {
        ILedger ledger = _journal.Open();
        await ledger.SetAsync("s", "k", "one", CancellationToken.None);
        await ledger.SetAsync("s", "k", "two", CancellationToken.None);

        (await ledger.GetAsync("s", "k", CancellationToken.None)).ShouldBe("two");
    }

    [Fact]
    public async Task TryAdd_ConcurrentlyFromTwoStoresOnOneFile_OnlyOneWins()
    {
        ILedger a = _journal.Open(), b = _journal.Open();
        var results = await Task.WhenAll(
            Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).TryAddAsync("links", "nonce-1", $"used by {i}", CancellationToken.None)));

        results.Count(r => r).ShouldBe(1);
        var winner = Array.IndexOf(results, true);
        (await a.GetAsync("links", "nonce-1", CancellationToken.None)).ShouldBe($"used by {winner}");
    }
}
