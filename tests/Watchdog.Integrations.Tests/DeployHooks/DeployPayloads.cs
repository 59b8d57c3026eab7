using System.Text;

namespace Watchdog.Integrations.Tests.DeployHooks;

/// <summary>Deploy webhook bodies in the shapes API-NOTES §8 documents, with the fields a real delivery carries.</summary>
internal static class DeployPayloads
{
    public const string VercelProject = "prj_12HKQaOmR5t5Uy6vdcQsNIiZgHGB";
    public const string VercelDeployment = "dpl_2euZBFqxYdDMDG1jTrHFnNZ2eUVa";
    public const string Sha = "dc36199b2234c6586ebe05ec94078a895c707e29";

    public static byte[] Bytes(string body) => Encoding.UTF8.GetBytes(body);

    /// <summary>§8 Vercel: the envelope {type, id, createdAt (ms), region, payload}; promoted has no target.</summary>
    public static string VercelBody(string type, DateTimeOffset at, string? target = "production", string id = "uHtJTk6fXMUfpTUHQCcmhLBc",
        string project = VercelProject, string deployment = VercelDeployment) => $$$"""
        {"type":"{{{type}}}","id":"{{{id}}}","createdAt":{{{at.ToUnixTimeMilliseconds()}}},"region":"sfo1",
         "payload":{"team":{"id":"team_Xy7s2b"},"user":{"id":"usr_4Nw2c"},
           "deployment":{"id":"{{{deployment}}}","name":"web","url":"web-8fj3k2.vercel.app",
             "meta":{"githubCommitSha":"{{{Sha}}}","githubCommitRef":"main","githubRepo":"web"}},
           "links":{"deployment":"https://vercel.com/acme/web/2euZBFqx","project":"https://vercel.com/acme/web"},
           {{{(type == "deployment.promoted" ? "" : $"\"target\":{(target is null ? "null" : $"\"{target}\"")},")}}}
           "project":{"id":"{{{project}}}"},"plan":"pro","regions":["sfo1"]}}
        """;

    /// <summary>§8 GitHub deployment_status (octokit's created.schema.json): action created, the status, the deployment, the repository.</summary>
    public static string GitHubBody(string state, DateTimeOffset at, long statusId = 2301234567, string environment = "production", string repo = "acme/api") => $$$"""
        {"action":"created",
         "deployment_status":{"url":"https://api.github.com/repos/{{{repo}}}/deployments/987654/statuses/{{{statusId}}}","id":{{{statusId}}},
           "node_id":"DES_kwDOABCD","state":"{{{state}}}","description":"Deployment finished","environment":"{{{environment}}}",
           "environment_url":"https://api.acme.dev","log_url":"https://github.com/{{{repo}}}/actions/runs/1","target_url":"https://github.com/{{{repo}}}/actions/runs/1",
           "created_at":"{{{Stamp(at)}}}","updated_at":"{{{Stamp(at)}}}",
           "deployment_url":"https://api.github.com/repos/{{{repo}}}/deployments/987654","repository_url":"https://api.github.com/repos/{{{repo}}}",
           "creator":{"login":"github-actions[bot]","id":41898282},"performed_via_github_app":null},
         "deployment":{"url":"https://api.github.com/repos/{{{repo}}}/deployments/987654","id":987654,"node_id":"DE_kwDOABCD",
           "sha":"{{{Sha}}}","ref":"main","task":"deploy","payload":{},"original_environment":"{{{environment}}}","environment":"{{{environment}}}",
           "description":null,"creator":{"login":"octocat","id":1},"created_at":"{{{Stamp(at.AddMinutes(-3))}}}","updated_at":"{{{Stamp(at)}}}",
           "statuses_url":"https://api.github.com/repos/{{{repo}}}/deployments/987654/statuses","repository_url":"https://api.github.com/repos/{{{repo}}}",
           "transient_environment":false,"production_environment":true},
         "repository":{"id":123,"name":"api","full_name":"{{{repo}}}","private":true},
         "sender":{"login":"octocat","id":1}}
        """;

    /// <summary>§8 Railway: type, details, resource {workspace, project, environment, service, deployment}, severity, timestamp.</summary>
    public static string RailwayBody(string type, DateTimeOffset at, string deployment, string serviceId, string environmentId, string projectId, string status = "SUCCESS") => $$$"""
        {"type":"{{{type}}}",
         "details":{"id":"{{{deployment}}}","source":"GitHub","status":"{{{status}}}","branch":"main","commitHash":"{{{Sha}}}",
           "commitAuthor":"octocat","commitMessage":"Fix checkout totals","builder":"RAILPACK"},
         "resource":{"workspace":{"id":"ws-1","name":"acme"},"project":{"id":"{{{projectId}}}","name":"shop"},
           "environment":{"id":"{{{environmentId}}}","name":"production","isEphemeral":false},
           "service":{"id":"{{{serviceId}}}","name":"checkout"},"deployment":{"id":"{{{deployment}}}"}},
         "severity":"INFO","timestamp":"{{{Stamp(at)}}}"}
        """;

    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
}
