using AimsBot.Domain.Access;
using AimsBot.Domain.Risks;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Risks;

public class RiskPermissionsTests
{
    private static readonly RiskCriteriaOptions Criteria = new();

    private static ResourceContext Risk(string? namedApprover = null) =>
        new(OwnerUserId: "risk-owner-1", SystemOwnerUserId: "owner-1", ContributorUserIds: ["action-owner-1"], NamedApproverUserId: namedApprover);

    [Fact]
    public void Risks_are_read_by_the_aims_roles_and_the_people_each_risk_concerns()
    {
        foreach (var reader in new[] { Actors.Lead, Actors.Auditor, Actors.Approver, Actor.Create("ceo-1", Role.TopManagement), Actors.Admin, Actor.Create("risk-owner-1"), Actors.Owner, Actor.Create("ACTION-OWNER-1") })
        {
            Assert.True(Permissions.Can(reader, DomainAction.ViewRisks, Risk()).IsAllowed, reader.UserId);
        }

        Assert.True(Permissions.Can(Actor.Create("manager-1"), DomainAction.ViewRisks, Risk("manager-1")).IsAllowed);
        Assert.False(Permissions.Can(Actor.Create("manager-1"), DomainAction.ViewRisks, Risk()).IsAllowed);
        Assert.StartsWith("Risks are shown to compliance leads, auditors, risk approvers, top management, admins", Permissions.Can(Actors.Stranger, DomainAction.ViewRisks, Risk()).Reason, StringComparison.Ordinal);
        Assert.False(DomainAction.ViewRisks.IsMutating());
    }

    [Fact]
    public void Risks_are_managed_by_their_owner_the_systems_owner_or_a_lead_and_never_by_an_auditor()
    {
        Assert.True(Permissions.Can(Actor.Create("risk-owner-1"), DomainAction.ManageRisks, Risk()).IsAllowed);
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.ManageRisks, Risk()).IsAllowed);
        Assert.True(Permissions.Can(Actors.Lead, DomainAction.ManageRisks, Risk()).IsAllowed);
        Assert.False(Permissions.Can(Actor.Create("action-owner-1"), DomainAction.ManageRisks, Risk()).IsAllowed);
        Assert.False(Permissions.Can(Actor.Create("ceo-1", Role.TopManagement), DomainAction.ManageRisks, Risk()).IsAllowed);
        Assert.Contains("read-only", Permissions.Can(Actor.Create("risk-owner-1", Role.Auditor), DomainAction.ManageRisks, Risk()).Reason, StringComparison.Ordinal);
        Assert.True(DomainAction.ManageRisks.IsMutating());
    }

    [Fact]
    public void The_routed_approver_decides_and_never_a_proposer()
    {
        var within = RiskApprovalRouting.Route(RiskLevel.Medium, Criteria, "manager-1", ["owner-1"]);
        var above = RiskApprovalRouting.Route(RiskLevel.High, Criteria, "manager-1", ["owner-1"]);
        var withinContext = ResourceContext.RiskTreatment("owner-1", ["owner-1"], within.NamedApproverUserId, within.ApproverRole);
        var aboveContext = ResourceContext.RiskTreatment("owner-1", ["owner-1"], above.NamedApproverUserId, above.ApproverRole);
        var ceo = Actor.Create("ceo-1", Role.TopManagement);

        Assert.True(Permissions.Can(Actor.Create("Manager-1"), DomainAction.ApproveRiskTreatment, withinContext).IsAllowed);
        Assert.True(Permissions.Can(Actors.Approver, DomainAction.ApproveRiskTreatment, withinContext).IsAllowed);
        Assert.False(Permissions.Can(ceo, DomainAction.ApproveRiskTreatment, withinContext).IsAllowed);
        Assert.True(Permissions.Can(ceo, DomainAction.ApproveRiskTreatment, aboveContext).IsAllowed);
        Assert.False(Permissions.Can(Actor.Create("manager-1"), DomainAction.ApproveRiskTreatment, aboveContext).IsAllowed);
        Assert.False(Permissions.Can(Actors.Approver, DomainAction.ApproveRiskTreatment, aboveContext).IsAllowed);

        var proposer = Actor.Create(" OWNER-1 ", Role.RiskApprover, Role.TopManagement);
        Assert.Contains("separation of duties", Permissions.Can(proposer, DomainAction.ApproveRiskTreatment, withinContext).Reason, StringComparison.Ordinal);
        Assert.Contains("separation of duties", Permissions.Can(proposer, DomainAction.ApproveRiskTreatment, aboveContext).Reason, StringComparison.Ordinal);
        Assert.Contains("read-only", Permissions.Can(Actor.Create("ceo-2", Role.TopManagement, Role.Auditor), DomainAction.ApproveRiskTreatment, aboveContext).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_route_names_the_manager_only_within_the_threshold_and_only_when_they_did_not_propose()
    {
        Assert.Equal(new RiskApprovalRoute(RiskApproverKind.OwnersManagerOrRiskApprover, RiskLevel.Low, RiskLevel.Medium, "manager-1"), RiskApprovalRouting.Route(RiskLevel.Low, Criteria, " manager-1 ", ["owner-1"]));
        Assert.Null(RiskApprovalRouting.Route(RiskLevel.Low, Criteria, "MANAGER-1", ["owner-1", "manager-1"]).NamedApproverUserId);
        Assert.Null(RiskApprovalRouting.Route(RiskLevel.Low, Criteria, "grace@example.com", ["owner-1"]).NamedApproverUserId);
        Assert.Null(RiskApprovalRouting.Route(RiskLevel.Low, Criteria, null, ["owner-1"]).NamedApproverUserId);
        Assert.Equal(RiskApproverKind.TopManagement, RiskApprovalRouting.Route(RiskLevel.VeryHigh, Criteria, "manager-1", []).Kind);
        Assert.Equal(RiskApproverKind.OwnersManagerOrRiskApprover, RiskApprovalRouting.Route(RiskLevel.VeryHigh, new RiskCriteriaOptions { AcceptanceThreshold = "very-high" }, "manager-1", []).Kind);
    }

    [Fact]
    public void Anyone_may_attempt_to_read_manage_or_decide_and_the_risk_itself_decides()
    {
        foreach (var action in new[] { DomainAction.ViewRisks, DomainAction.ManageRisks, DomainAction.ApproveRiskTreatment })
        {
            Assert.True(Permissions.CanAttempt(Actors.Stranger, action).IsAllowed, action.ToString());
        }

        Assert.False(Permissions.CanAttempt(Actors.Auditor, DomainAction.ManageRisks).IsAllowed);
    }
}
