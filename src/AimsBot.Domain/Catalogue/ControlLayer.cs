namespace AimsBot.Domain.Catalogue;

/// <summary>
/// Where a control operates. Organisation-layer controls are answered once and every AI system reuses
/// that answer; AI-system-layer controls are answered per system. The catalogue gives a default for each
/// control (see docs/annex-a-layers.md); a control instance records the layer actually in force.
/// </summary>
public enum ControlLayer
{
    Organization,
    AiSystem,
}
