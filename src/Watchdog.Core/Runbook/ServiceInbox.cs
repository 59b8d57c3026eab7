using System.Globalization;
using System.Text.Json;
using Watchdog.Core.Decisions;
using Watchdog.Core.Ports;
using Watchdog.Core.Rules;
using Watchdog.Core.Signals;

namespace Watchdog.Core.Runbook;

/// <summary>What a person or a system asked of a service on an instance that does not act for it.</summary>
/// <param name="Kind">approve, veto, rollback, restore or raise.</param>
public sealed record PassedRequest(string Kind, string? IncidentId = null, string? By = null, string? To = null, PushedAlert? Alert = null, Pushed? Pushed = null);

/// <summary>
/// Requests passed through the journal to the instance that holds the service: the one that receives a request
/// (behind a load balancer, any of them) writes it here, and the holder takes each once, on its next tick, and
/// carries it out as if it had been asked itself.
/// </summary>
public sealed class ServiceInbox(ILedger ledger, string service, TimeProvider time)
{
    public const string ScopePrefix = "inbox:";

    public static string ScopeOf(string service) => ScopePrefix + service;

    private string Scope => ScopeOf(service);

    public async Task PostAsync(PassedRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // The key orders entries by when they came, and keeps two in one tick apart.
        var key = $"{now.UtcTicks:D19}-{Guid.NewGuid():N}";
        await ledger.SetAsync(Scope, key, Write(request), ct);
    }

    /// <summary>Every waiting request, oldest first, each taken (removed) before it is returned: a request is carried out once.</summary>
    public async IAsyncEnumerable<PassedRequest> TakeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var (key, value) in await ledger.EntriesAsync(Scope, ct))
        {
            if (!await ledger.RemoveAsync(Scope, key, ct)) continue;
            if (Read(value) is { } request) yield return request;
        }
    }

    private static string Write(PassedRequest r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", r.Kind);
            w.WriteString("incident", r.IncidentId);
            w.WriteString("by", r.By);
            w.WriteString("to", r.To);
            if (r.Pushed is { } pushed)
            {
                w.WriteBoolean("pushed", true);
                if (pushed.MaxAge is { } age) w.WriteNumber("maxAgeTicks", age.Ticks);
            }

            if (r.Alert is { } a)
            {
                w.WriteStartObject("alert");
                w.WriteString("service", a.Service);
                w.WriteString("key", a.Key);
                w.WriteString("source", a.Source);
                w.WriteString("status", a.Status.ToString());
                w.WriteString("meaning", a.Meaning.ToString());
                w.WriteString("summary", a.Summary);
                w.WriteString("startsAt", a.StartsAt.ToString("O", CultureInfo.InvariantCulture));
                if (a.Value is { } v) w.WriteNumber("value", v);
                if (a.Signal is { } s) w.WriteString("signal", s.ToString());
                w.WriteString("rule", a.Rule);
                w.WriteString("release", a.Release);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Null for an entry this Watchdog cannot read (written by a newer one): dropped rather than misread.</summary>
    private static PassedRequest? Read(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            string? S(JsonElement e, string name) => e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            string R(JsonElement e, string name) => S(e, name) ?? throw new FormatException($"no {name}");
            PushedAlert? alert = null;
            if (root.TryGetProperty("alert", out var a))
            {
                alert = new PushedAlert(R(a, "service"), R(a, "key"), R(a, "source"), Enum.Parse<AlertStatus>(R(a, "status")), Enum.Parse<Meaning>(R(a, "meaning")),
                    R(a, "summary"), DateTimeOffset.Parse(R(a, "startsAt"), CultureInfo.InvariantCulture))
                {
                    Value = a.TryGetProperty("value", out var v) ? v.GetDouble() : null,
                    Signal = S(a, "signal") is { } signal ? Enum.Parse<Signal>(signal) : null,
                    Rule = S(a, "rule"),
                    Release = S(a, "release"),
                };
            }

            var pushed = root.TryGetProperty("pushed", out _)
                ? new Pushed(root.TryGetProperty("maxAgeTicks", out var age) ? TimeSpan.FromTicks(age.GetInt64()) : null)
                : null;
            return new PassedRequest(R(root, "kind"), S(root, "incident"), S(root, "by"), S(root, "to"), alert, pushed);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
