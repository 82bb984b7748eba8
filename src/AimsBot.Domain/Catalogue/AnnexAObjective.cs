namespace AimsBot.Domain.Catalogue;

/// <summary>One of the nine Annex A objectives (A.2 … A.10), with its controls in catalogue order.</summary>
public sealed record AnnexAObjective(string Id, string Title)
{
    public IReadOnlyList<AnnexAControl> Controls => AnnexA.ControlsOf(Id);
}
