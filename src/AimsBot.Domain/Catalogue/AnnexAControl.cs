namespace AimsBot.Domain.Catalogue;

/// <summary>
/// One Annex A control: its canonical id (<c>A.6.2.6</c>), short title, objective, default layer and the
/// project's own plain-language hint on what evidence usually shows the control operating.
/// </summary>
public sealed record AnnexAControl(
    string Id,
    string Title,
    string ObjectiveId,
    string ObjectiveTitle,
    ControlLayer DefaultLayer,
    string EvidenceHint)
{
    /// <summary>The typed id of this control.</summary>
    public ControlId ControlId => ControlId.Parse(Id);

    /// <summary>For A.6 controls, the heading that groups them (A.6.1 or A.6.2); otherwise null.</summary>
    public AnnexAHeading? Heading => AnnexA.HeadingOf(Id);
}

/// <summary>A grouping inside an objective that is not itself a control (A.6.1, A.6.2).</summary>
public sealed record AnnexAHeading(string Id, string Title);
