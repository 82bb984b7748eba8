using System.Text.Json;
using System.Text.Json.Serialization;
using AimsBot.Health;

namespace AimsBot.Hosting;

/// <summary>Source-generated JSON for the host's own endpoints.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(HealthStatusResponse))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
