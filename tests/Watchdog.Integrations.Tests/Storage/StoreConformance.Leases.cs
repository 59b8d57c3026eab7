using Watchdog.Core.Incidents;
using Watchdog.Core.Ports;
using Watchdog.Integrations.Storage;

namespace Watchdog.Integrations.Tests.Storage;

/// <summary>Leases and the fence, on every engine: one holder at a time, a token that only grows, and saves under a stale token refused.</summary>
public abstract partial class StoreConformance
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(15);
    private static readonly LeaseHolder A = new("watchdog-a", "a1");
    private static readonly LeaseHolder B = new("watchdog-b", "b1");
    private static readonly string Api = LeaseNames.Service("api");

    private Task<IReadOnlyDictionary<string, long>> Hold(JournalStore store, LeaseHolder holder, params string[] names) =>
        store.HoldAsync(names, holder, Time.GetUtcNow(), Ttl, CancellationToken.None);

    [StoreFact]
    public async Task Hold_FreeLease_IsGrantedWithToken1_AndRenewingKeepsIt()
    {
        var store = Open();

        (await Hold(store, A, Api))[Api].ShouldBe(1);
        Time.Advance(TimeSpan.FromSeconds(5));
        (await Hold(store, A, Api))[Api].ShouldBe(1);

        var row = (await store.ListLeasesAsync(CancellationToken.None)).ShouldHaveSingleItem();
        row.ShouldBe(new LeaseRecord(Api, "watchdog-a", "a1", 1, Time.GetUtcNow() + Ttl));
    }

    [StoreFact]
    public async Task Hold_LiveLeaseOfAnother_IsNotGranted_UntilItExpires_ThenTheTokenGrows()
    {
        var store = Open();
        await Hold(store, A, Api);

        Time.Advance(Ttl - TimeSpan.FromTicks(1));
        (await Hold(store, B, Api)).ShouldBeEmpty();

        Time.Advance(TimeSpan.FromTicks(1));
        (await Hold(store, B, Api))[Api].ShouldBe(2);
        (await Hold(store, A, Api)).ShouldBeEmpty("A's lease is gone: it cannot renew what B took over");
    }

    [StoreFact]
    public async Task Hold_ByALaterLifeOfTheSameInstance_TakesOverAtOnce_WithTheNextToken()
    {
        var store = Open();
        await Hold(store, A, Api);

        (await Hold(store, A with { Incarnation = "a2" }, Api))[Api].ShouldBe(2);
    }

    [StoreFact]
    public async Task Release_LetsAnotherTakeOverAtOnce_WithAHigherToken_AndOnlyTheHolderCanRelease()
    {
        var store = Open();
        await Hold(store, A, Api, LeaseNames.Member("watchdog-a"));

        await store.ReleaseAsync([Api], B, Time.GetUtcNow(), CancellationToken.None);
        (await Hold(store, B, Api)).ShouldBeEmpty("B released nothing it did not hold");

        await store.ReleaseAsync([Api], A, Time.GetUtcNow(), CancellationToken.None);
        (await Hold(store, B, Api))[Api].ShouldBe(2);
        (await store.ListLeasesAsync(CancellationToken.None)).Select(l => l.Name).ShouldBe([LeaseNames.Member("watchdog-a"), Api]);
    }

    [StoreFact]
    public async Task Hold_SeveralNames_GrantsEachOnItsOwn_InOneWrite()
    {
        var store = Open();
        await Hold(store, B, LeaseNames.Service("web"));

        var granted = await Hold(store, A, Api, LeaseNames.Service("web"), LeaseNames.Service("worker"));

        granted.Keys.Order().ShouldBe([Api, LeaseNames.Service("worker")]);
    }

    [StoreFact]
    public async Task Hold_NamesThatJsonMustEscape_AreHeldAndReleasedAsWritten()
    {
        var store = Open();
        string[] names = [LeaseNames.Service("say \"hi\""), LeaseNames.Service(@"back\slash"), LeaseNames.Service("zürich-ünits"), LeaseNames.Service("tab\there")];

        (await Hold(store, A, names)).Keys.Order(StringComparer.Ordinal).ShouldBe(names.Order(StringComparer.Ordinal));
        (await store.ListLeasesAsync(CancellationToken.None)).Select(l => l.Name).Order(StringComparer.Ordinal).ShouldBe(names.Order(StringComparer.Ordinal));

        await store.ReleaseAsync(names, A, Time.GetUtcNow(), CancellationToken.None);
        (await Hold(store, B, names)).Values.ShouldAllBe(t => t == 2);
    }

    [StoreFact]
    public async Task Release_SeveralNames_FreesEachThisHolderHeld_AndNoOtherHoldersLease()
    {
        var store = Open();
        var web = LeaseNames.Service("web");
        var worker = LeaseNames.Service("worker");
        await Hold(store, A, Api, worker);
        await Hold(store, B, web);

        await store.ReleaseAsync([Api, web, worker], A, Time.GetUtcNow(), CancellationToken.None);

        (await Hold(store, B, Api, web, worker)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)).ShouldBe([(Api, 2L), (web, 1L), (worker, 2L)]);
        (await Hold(store, A, web)).ShouldBeEmpty("A's release left B's lease alone");
    }

    [StoreFact]
    public async Task Hold_AFleetOfNames_AllGrantedInOneWrite()
    {
        var store = Open();
        var names = Enumerable.Range(0, 2500).Select(i => LeaseNames.Service($"svc-{i:D4}")).ToArray();

        var granted = await Hold(store, A, names);

        granted.Count.ShouldBe(2500);
        granted.Values.ShouldAllBe(t => t == 1);
        (await Hold(store, B, names)).ShouldBeEmpty();
    }

    [StoreFact]
    public async Task Save_UnderTheLeasesToken_IsJournaled_WithTheStepsToken()
    {
        var store = Open();
        var token = (await Hold(store, A, Api))[Api];
        var incident = Samples.Open("a", Samples.T0);
        incident.SetStep(new StepRecord("rollback", StepStatus.Started, 1, Samples.T0, null, null) { Token = token });
        incident.Fence = token;

        await store.SaveAsync(incident, CancellationToken.None);

        (await Open().GetAsync("a", CancellationToken.None)).ShouldNotBeNull().Step("rollback").ShouldNotBeNull().Token.ShouldBe(token);
    }

    [StoreFact]
    public async Task Save_UnderAStaleToken_IsRefused_AndNothingOfItIsStored()
    {
        var store = Open();
        await Hold(store, A, Api);
        var incident = Samples.Open("a", Samples.T0);
        incident.Fence = 1;
        await store.SaveAsync(incident, CancellationToken.None);
        var before = Dump();

        // A was paused past its lease; B took the service over.
        Time.Advance(Ttl);
        await Hold(store, B, Api);
        incident.SetStep(new StepRecord("rollback", StepStatus.Started, 1, Time.GetUtcNow(), null, null) { Token = 1 });

        var refused = await Should.ThrowAsync<FencedOffException>(() => store.SaveAsync(incident, CancellationToken.None));

        refused.Message.ShouldContain("token 1");
        refused.Message.ShouldContain("at 2");
        Dump().ShouldBe(before);
    }

    [StoreFact]
    public async Task Save_Fenced_WithNoLeaseAtAll_IsRefused()
    {
        var incident = Samples.Open("a", Samples.T0);
        incident.Fence = 3;

        await Should.ThrowAsync<FencedOffException>(() => Open().SaveAsync(incident, CancellationToken.None));
    }

    [StoreFact]
    public async Task LedgerEntries_InOrder_RemovedOnce_AndScopesByPrefix()
    {
        var store = Open();
        await store.SetAsync("inbox:api", "2", "second", CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(1));
        await store.SetAsync("inbox:api", "1", "third", CancellationToken.None);
        await store.SetAsync("inbox:web", "1", "other", CancellationToken.None);
        await store.SetAsync("inboxes", "x", "not an inbox", CancellationToken.None);

        (await store.EntriesAsync("inbox:api", CancellationToken.None)).Select(e => e.Value).ShouldBe(["second", "third"]);
        (await store.ScopesAsync("inbox:", CancellationToken.None)).Order().ShouldBe(["inbox:api", "inbox:web"]);
        (await store.RemoveAsync("inbox:api", "2", CancellationToken.None)).ShouldBeTrue();
        (await store.RemoveAsync("inbox:api", "2", CancellationToken.None)).ShouldBeFalse();
        (await store.EntriesAsync("inbox:api", CancellationToken.None)).Select(e => e.Value).ShouldBe(["third"]);
    }
}
