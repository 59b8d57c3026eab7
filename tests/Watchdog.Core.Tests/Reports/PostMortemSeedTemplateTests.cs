using Watchdog.Core.Incidents;
using Watchdog.Core.Reports;
using Watchdog.Core.Rules;
using static Watchdog.Core.Tests.Fakes.TestData;

namespace Watchdog.Core.Tests.Reports;

/// <summary>The post-mortem draft has every section of seed 000's template, and a user notice where the seed asks for one.</summary>
public class PostMortemSeedTemplateTests
{
    private static Incident Restored(Meaning meaning)
    {
        var trigger = Tripped(meaning, source: "service-down");
        var i = new Incident("20261121-030500-api", "api", Mode.Auto, trigger, T0.AddMinutes(5)) { FromVersion = "v3", ToVersion = "v2" };
        i.Decide(new Decision(RunbookAction.Rollback, "service down", trigger), T0.AddMinutes(5));
        i.SetStep(new StepRecord("announce", StepStatus.Succeeded, 1, T0.AddMinutes(5), T0.AddMinutes(5).AddSeconds(2), "sent"));
        i.RollbackStartedAt = T0.AddMinutes(6);
        i.RestoredAt = T0.AddMinutes(9);
        return i;
    }

    /// <summary>Every heading and label of seed 000's "Post-Mortem Template", copied from the seed literally and in its order.</summary>
    private static readonly string[] SeedSections =
    [
        "# Post-Mortem: ", "**Date:** ", "**Severity:** ", "**Duration:** ", "**Impact:** ",
        "## Timeline", "| Event |",
        "## What Happened",
        "## Root Cause", "**Immediate Cause:**", "**Contributing Factors:**",
        "## Impact", "**Users Affected:**", "**Functionality Impacted:**", "**Data Loss:**", "**Financial Impact:**",
        "## What Went Well",
        "## What Could Be Improved",
        "## Action Items", "| Action | Owner | Due Date | Priority |", "| Fix underlying bug", "| Add test coverage |", "| Improve monitoring |",
        "| Update deployment process |", "| Training session |",
        "## Prevention", "**Immediate:**", "**Short-term (1-2 weeks):**", "**Long-term (1-3 months):**",
        "## Lessons Learned",
    ];

    [Fact]
    public void Draft_HasEverySectionOfTheSeedsTemplate_InTheSeedsOrder()
    {
        var draft = PostMortem.Draft(Restored(Meaning.UsersAffected));

        var at = 0;
        foreach (var section in SeedSections)
        {
            var found = draft.IndexOf(section, at, StringComparison.Ordinal);
            found.ShouldBeGreaterThanOrEqualTo(0, $"\"{section}\" missing, or out of the seed's order");
            at = found + section.Length;
        }
    }

    [Fact]
    public void Draft_PreventionAndFinancialImpact_ArePromptsForPeopleNotGuesses()
    {
        var draft = PostMortem.Draft(Restored(Meaning.UsersAffected));

        draft.ShouldContain("**Financial Impact:** _if applicable_");
        draft.ShouldContain("**Immediate:**\n- _action to prevent recurrence_");
        draft.ShouldContain("**Short-term (1-2 weeks):**\n- _improvements to process_");
        draft.ShouldContain("**Long-term (1-3 months):**\n- _systemic improvements_");
    }

    [Fact]
    public void Draft_Milestones_AreWhatTheJournalKnows_AndTheUnknownIsSaid()
    {
        var draft = PostMortem.Draft(Restored(Meaning.UsersAffected));

        draft.ShouldContain("| 03:05:00 | Issue first detected |");
        draft.ShouldContain("| 03:05:02 | Team alerted |");
        draft.ShouldContain("| 03:06:00 | Rollback started |");
        draft.ShouldContain("| 03:09:00 | Service restored |");
        draft.ShouldContain("| — | Monitoring normal |");
        draft.ShouldContain("| _not recorded_ | Deployment started");
    }

    [Theory]
    [InlineData(Meaning.ServiceDown, true)]
    [InlineData(Meaning.DataAtRisk, true)]
    [InlineData(Meaning.UsersAffected, false)]
    public void Notice_OnlyAfterDowntimeOrDataAtRisk_WithTheTimesAndPromptsForTheRest(Meaning meaning, bool drafted)
    {
        var i = Restored(meaning);

        var notice = UserNotice.Draft(i);
        var draft = PostMortem.Draft(i);

        if (!drafted)
        {
            notice.ShouldBeNull();
            draft.ShouldNotContain("Notice to Affected Users");
            return;
        }

        notice.ShouldNotBeNull().ShouldStartWith("Subject: Service Restored - Brief Outage");
        notice.ShouldContain("from 03:00 UTC to 03:09 UTC (9m)");
        notice.ShouldContain("✅ Service fully restored");
        notice.ShouldNotContain("v3"); // no versions for users
        draft.ShouldContain("## Notice to Affected Users (draft)");
        if (meaning == Meaning.DataAtRisk) notice.ShouldContain("Data was at risk");
    }
}
