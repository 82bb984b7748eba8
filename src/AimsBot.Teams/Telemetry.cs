using System.Diagnostics;

namespace AimsBot.Teams;

/// <summary>The protocol layer's trace source (subscribe to <c>AimsBot.Teams</c>).</summary>
public static class Telemetry
{
    public const string SourceName = "AimsBot.Teams";
    public static readonly ActivitySource Source = new(SourceName);
}
