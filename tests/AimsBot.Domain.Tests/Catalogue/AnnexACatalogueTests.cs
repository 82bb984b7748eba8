using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Tests.Support;
using AimsBot.Testing;

namespace AimsBot.Domain.Tests.Catalogue;

public class AnnexACatalogueTests
{
    // Written out from /work/shared/reference/iso42001.md (38 controls; A.6.1 and A.6.2 are headings).
    private static readonly (string Id, string Title)[] Reference =
    [
        ("A.2.2", "AI policy"),
        ("A.2.3", "Alignment with other organizational policies"),
        ("A.2.4", "Review of the AI policy"),
        ("A.3.2", "AI roles and responsibilities"),
        ("A.3.3", "Reporting of concerns"),
        ("A.4.2", "Resource documentation"),
        ("A.4.3", "Data resources"),
        ("A.4.4", "Tooling resources"),
        ("A.4.5", "System and computing resources"),
        ("A.4.6", "Human resources"),
        ("A.5.2", "AI system impact assessment process"),
        ("A.5.3", "Documentation of AI system impact assessments"),
        ("A.5.4", "Assessing AI system impact on individuals or groups of individuals"),
        ("A.5.5", "Assessing societal impacts of AI systems"),
        ("A.6.1.2", "Objectives for responsible development of AI system"),
        ("A.6.1.3", "Processes for responsible AI system design and development"),
        ("A.6.2.2", "AI system requirements and specification"),
        ("A.6.2.3", "Documentation of AI system design and development"),
        ("A.6.2.4", "AI system verification and validation"),
        ("A.6.2.5", "AI system deployment"),
        ("A.6.2.6", "AI system operation and monitoring"),
        ("A.6.2.7", "AI system technical documentation"),
        ("A.6.2.8", "AI system recording of event logs"),
        ("A.7.2", "Data for development and enhancement of AI system"),
        ("A.7.3", "Acquisition of data"),
        ("A.7.4", "Quality of data for AI systems"),
        ("A.7.5", "Data provenance"),
        ("A.7.6", "Data preparation"),
        ("A.8.2", "System documentation and information for users"),
        ("A.8.3", "External reporting"),
        ("A.8.4", "Communication of incidents"),
        ("A.8.5", "Information for interested parties"),
        ("A.9.2", "Processes for responsible use of AI systems"),
        ("A.9.3", "Objectives for responsible use of AI system"),
        ("A.9.4", "Intended use of the AI system"),
        ("A.10.2", "Allocating responsibilities"),
        ("A.10.3", "Suppliers"),
        ("A.10.4", "Customers"),
    ];

    private static readonly (string Id, string Title, int Controls)[] ReferenceObjectives =
    [
        ("A.2", "Policies related to AI", 3),
        ("A.3", "Internal organization", 2),
        ("A.4", "Resources for AI systems", 5),
        ("A.5", "Assessing impacts of AI systems", 4),
        ("A.6", "AI system life cycle", 9),
        ("A.7", "Data for AI systems", 5),
        ("A.8", "Information for interested parties of AI systems", 4),
        ("A.9", "Use of AI systems", 3),
        ("A.10", "Third-party and customer relationships", 3),
    ];

    [Fact]
    public void The_catalogue_holds_exactly_the_38_reference_controls_with_their_titles_in_order()
    {
        Assert.Equal(38, AnnexA.Controls.Count);
        Assert.Equal(Reference, AnnexA.Controls.Select(c => (c.Id, c.Title)).ToArray());
    }

    [Fact]
    public void The_catalogue_has_the_nine_reference_objectives_each_with_its_controls()
    {
        Assert.Equal(
            ReferenceObjectives,
            AnnexA.Objectives.Select(o => (o.Id, o.Title, o.Controls.Count)).ToArray());
    }

    [Fact]
    public void No_control_id_or_title_appears_twice()
    {
        Assert.Equal(38, AnnexA.Controls.Select(c => c.Id).Distinct().Count());
        Assert.Equal(38, AnnexA.Controls.Select(c => c.Title).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Every_control_names_the_objective_it_sits_under()
    {
        foreach (var control in AnnexA.Controls)
        {
            var objective = Assert.Single(AnnexA.Objectives, o => o.Id == control.ObjectiveId);
            Assert.StartsWith(objective.Id + ".", control.Id, StringComparison.Ordinal);
            Assert.Equal(objective.Title, control.ObjectiveTitle);
            Assert.Equal(control.ObjectiveId, control.ControlId.ObjectiveId);
        }
    }

    [Fact]
    public void Headings_A_6_1_and_A_6_2_group_the_life_cycle_controls_but_are_not_controls()
    {
        Assert.DoesNotContain(AnnexA.Controls, c => c.Id is "A.6.1" or "A.6.2");
        Assert.Equal(["A.6.1.2", "A.6.1.3"], AnnexA.Controls.Where(c => c.Heading?.Id == "A.6.1").Select(c => c.Id));
        Assert.Equal(7, AnnexA.Controls.Count(c => c.Heading?.Id == "A.6.2"));
        Assert.Null(AnnexA.Get(Build.Id("A.2.2")).Heading);
    }

    [Fact]
    public void Every_control_has_its_own_plain_language_evidence_hint()
    {
        foreach (var control in AnnexA.Controls)
        {
            Assert.False(string.IsNullOrWhiteSpace(control.EvidenceHint), control.Id);
            Assert.True(control.EvidenceHint.Length >= 60, $"{control.Id}: the hint is too thin to guide anyone.");
            Assert.True(control.EvidenceHint.Length <= 220, $"{control.Id}: the hint should fit on a card.");
            Assert.DoesNotContain("shall", control.EvidenceHint, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(38, AnnexA.Controls.Select(c => c.EvidenceHint).Distinct().Count());
    }

    [Theory]
    [InlineData("A.2.2", ControlLayer.Organization)]
    [InlineData("A.3.3", ControlLayer.Organization)]
    [InlineData("A.4.4", ControlLayer.Organization)]
    [InlineData("A.4.6", ControlLayer.Organization)]
    [InlineData("A.5.2", ControlLayer.Organization)]
    [InlineData("A.5.3", ControlLayer.AiSystem)]
    [InlineData("A.5.4", ControlLayer.AiSystem)]
    [InlineData("A.6.1.3", ControlLayer.Organization)]
    [InlineData("A.6.2.6", ControlLayer.AiSystem)]
    [InlineData("A.7.4", ControlLayer.AiSystem)]
    [InlineData("A.8.2", ControlLayer.AiSystem)]
    [InlineData("A.8.3", ControlLayer.Organization)]
    [InlineData("A.9.4", ControlLayer.AiSystem)]
    [InlineData("A.10.2", ControlLayer.Organization)]
    public void Default_layers_follow_the_documented_decision(string id, ControlLayer expected) =>
        Assert.Equal(expected, AnnexA.Get(Build.Id(id)).DefaultLayer);

    [Fact]
    public void The_layer_table_in_the_docs_matches_the_catalogue()
    {
        var doc = File.ReadAllLines(Path.Combine(TestEnvironment.RepoRoot, "docs", "annex-a-layers.md"));
        var rows = doc
            .Where(line => line.StartsWith("| A.", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Select(cells => (Id: cells[1], Title: cells[2], Layer: Enum.Parse<ControlLayer>(cells[3])))
            .ToArray();

        Assert.Equal(
            AnnexA.Controls.Select(c => (c.Id, c.Title, c.DefaultLayer)).ToArray(),
            rows);
    }
}
