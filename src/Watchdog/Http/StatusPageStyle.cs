namespace Watchdog.Http;

public static partial class StatusPageHtml
{
    /// <summary>All of the page's CSS, inline: nothing is fetched from elsewhere.</summary>
    private static readonly Markup Style = new("""
        body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1d232a;background:#f7f8fa}
        h1{margin:.2rem 0}h2{margin:1.6rem 0 .6rem;font-size:1.2rem}h3{margin:0 0 .5rem;font-size:1.05rem}
        .meta,.calm{color:#5b6570}a{color:#0b5cad}
        .banner{background:#b00020;color:#fff;padding:.8rem 1rem;border-radius:6px;font-size:1.1rem}.banner a{color:#fff}
        .notice{background:#fff4d6;border:1px solid #e0b53a;padding:.5rem .8rem;border-radius:6px}
        article{background:#fff;border:1px solid #dde1e6;border-radius:8px;padding:.9rem 1rem;margin:.8rem 0}
        .badge{display:inline-block;padding:.05rem .55rem;border-radius:1rem;font-size:.85rem;font-weight:600;vertical-align:middle}
        .ok{background:#d8f3df;color:#14532d}.warn{background:#fff0c2;color:#6b4e00}.bad{background:#fde0e0;color:#8a0010}.muted{background:#eceff3;color:#46505a}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.4rem 0}dt{color:#5b6570}dd{margin:0}
        table{border-collapse:collapse;width:100%;margin:.4rem 0;background:#fff}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e6e9ed;vertical-align:top}
        th{font-size:.85rem;color:#5b6570;font-weight:600}td.time{white-space:nowrap;font-variant-numeric:tabular-nums}
        .banner.dry{background:#5b2a86;margin-top:.5rem}
        .state-resolved{background:#d8f3df;color:#14532d}.state-monitoring{background:#dbeafe;color:#1e3a8a}.state-awaitingapproval{background:#fff0c2;color:#6b4e00}
        .state-escalated{background:#b00020;color:#fff}.state-failed{background:#1d232a;color:#fff}
        .state-detected,.state-decided,.state-rollingback,.state-stabilizing,.state-verifying{background:#ffe1c7;color:#7a3300}
        .recovering{background:#dbeafe;color:#1e3a8a}
        .next-steps{border-left:4px solid #b00020;padding:.3rem .8rem;margin:.6rem 0;background:#fff8f8}.next-steps h4{margin:.2rem 0}code{background:#eef1f4;padding:0 .25rem;border-radius:3px;word-break:break-all}
        .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(20rem,1fr));gap:.6rem;margin:.5rem 0}figure{margin:0}figcaption{font-size:.85rem;color:#5b6570}
        svg.chart{display:block;width:100%;height:120px}svg.chart .plot{fill:#fbfcfd;stroke:#dde1e6}
        svg.chart .signal{fill:none;stroke:#0b5cad;stroke-width:2;vector-effect:non-scaling-stroke}
        svg.chart .threshold{stroke:#b00020;stroke-width:1.5;stroke-dasharray:6 4;vector-effect:non-scaling-stroke}
        svg.chart .marker{stroke-width:2;vector-effect:non-scaling-stroke}svg.chart .deploy{stroke:#5b2a86}svg.chart .detected{stroke:#e07b00}svg.chart .rollback{stroke:#1d232a}svg.chart .verify{stroke:#14532d}
        .legend span{margin-right:.8rem;font-size:.8rem}.legend .deploy{color:#5b2a86}.legend .detected{color:#e07b00}.legend .rollback{color:#1d232a}.legend .verify{color:#14532d}.legend .threshold{color:#b00020}
        """);
}
