using Watchdog.Core.Incidents;

namespace Watchdog.Http;

/// <summary>
/// What a person does with an open incident Watchdog stopped acting on (Escalated, Failed) or waits on (AwaitingApproval):
/// what was tried, what is live, and the commands. The commands are Watchdog's own, built from the service and the ids
/// the page already shows; the steps' outputs are hidden from anonymous readers as everywhere else.
/// </summary>
public static class NextSteps
{
    private static readonly Markup TokenNote = new("""<p class="meta">The Watchdog verbs read the API token from the configuration; for curl, set <code>$TOKEN</code> to <code>Api:Token</code>.</p>""");

    public static void Render(HtmlText h, StatusSnapshot s, Incident i)
    {
        var api = s.BaseUrl + "api/";
        var token = """-H "Authorization: Bearer $TOKEN" """;
        if (i.State == IncidentState.AwaitingApproval)
        {
            h.Add($"""
                <div class="next-steps"><h4>Waiting for a person</h4>{TokenNote}<ul class="commands">
                <li>Approve: <code>Watchdog approve {i.Id}</code> or <code>curl -X POST {token}{api}incidents/{Uri.EscapeDataString(i.Id)}/approve</code></li>
                <li>Veto: <code>Watchdog veto {i.Id}</code> or <code>curl -X POST {token}{api}incidents/{Uri.EscapeDataString(i.Id)}/veto</code></li>
                </ul></div>

                """);
            return;
        }

        if (i.State is not (IncidentState.Escalated or IncidentState.Failed)) return;
        var service = Uri.EscapeDataString(i.Service);
        var to = i.TargetDeploymentId ?? i.ToVersion ?? "DEPLOYMENT";
        h.Add($"""
            <div class="next-steps"><h4>Next steps: Watchdog has stopped acting, people decide now</h4>
            <p class="tried-intro">What was tried:</p>
            <table class="tried"><thead><tr><th>Step</th><th>Outcome</th><th>Attempt</th><th>Output</th></tr></thead><tbody>
            """);
        if (i.Steps.Count == 0) h.Add($"""<tr><td colspan="4">no step ran</td></tr>""");
        foreach (var step in i.Steps.OrderBy(x => x.StartedAt))
        {
            var output = step.Output is null ? "" : s.Trusted ? step.Output : ReadAccess.OutputForAnonymous(step.Output);
            h.Add($"""<tr><td>{step.Key}</td><td>{step.Status.ToString().ToLowerInvariant()}</td><td>{step.Attempt}</td><td>{output}</td></tr>""");
        }
        h.Add($"""
            </tbody></table>
            <p class="what-is-live">What is live: the journal says <strong>{i.LiveVersion ?? "unknown"}</strong> ({(i.TargetLive ? $"the rollback to {i.ToVersion} went through" : "no rollback went through")}); the provider's answer is under Services.</p>
            {TokenNote}<ul class="commands">
            <li>Roll back by hand on the platform itself, or through Watchdog once this incident is closed (it refuses while one is open):
            <code>Watchdog rollback --service {i.Service} --to {to}</code> or <code>curl -X POST {token}-H "Content-Type: application/json" -d '{"{"}"by":"you","to":"{to}"{"}"}' {api}services/{service}/rollback</code></li>
            <li>Approve or veto: nothing waits for approval; <code>Watchdog approve {i.Id}</code> and <code>curl -X POST {token}{api}incidents/{Uri.EscapeDataString(i.Id)}/veto</code> apply only while an incident is AwaitingApproval.</li>
            {Pinned(i)}<li>Close: there is no close command. The incident closes by itself, left for review, as soon as every rule is clear again; until then the deploy freeze holds.</li>
            </ul></div>

            """);
    }

    /// <summary>After a rollback that pinned production (Vercel): where the domains stay and the command that ends it.</summary>
    private static Markup Pinned(Incident i)
    {
        if (!i.TargetLive || Core.Reports.ProductionPin.Of(i) is not { } pin) return new Markup("");
        var h = new HtmlText();
        h.Add($"<li>{string.Join(" ", pin.Lines(i.ToVersion ?? "the rolled-back deployment").SkipLast(1))} Undo it once a fixed deployment is ready: <code>{pin.PromoteCommand}</code></li>\n");
        return new Markup(h.ToString());
    }
}
