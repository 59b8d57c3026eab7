using System.Text.Json.Serialization;

namespace Watchdog.Core.Rules;

/// <summary>The ledger's baselines and judge samples in JSON, generated at build time (no reflection, NativeAOT-ready).</summary>
[JsonSerializable(typeof(BaselineBook.Saved))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
