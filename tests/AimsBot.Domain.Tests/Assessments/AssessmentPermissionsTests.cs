using AimsBot.Domain.Access;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Assessments;

public class AssessmentPermissionsTests
{
    private static ResourceContext Assessment(string? namedApprover = null) =>
        ResourceContext.ImpactAssessment("owner-1", assessorUserId: "owner-1", contributorUserIds: ["colleague-1", "owner-1"], namedApprover);

    [Fact]
    public void The_systems_owner_and_compliance_leads_run_an_assessment_and_an_asked_colleague_answers_their_step()
    {
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.AssessImpact, ResourceContext.OwnedBy("owner-1")).IsAllowed);
        Assert.True(Permissions.Can(Actors.Lead, DomainAction.AssessImpact, ResourceContext.OwnedBy("owner-1")).IsAllowed);
        Assert.False(Permissions.Can(Actors.Approver, DomainAction.AssessImpact, ResourceContext.OwnedBy("owner-1")).IsAllowed);
        Assert.False(Permissions.Can(Actor.Create("colleague-1"), DomainAction.AssessImpact, Assessment()).IsAllowed);

        Assert.True(Permissions.Can(Actor.Create("COLLEAGUE-1"), DomainAction.AnswerImpactAssessment, Assessment()).IsAllowed);
        Assert.False(Permissions.Can(Actors.Stranger, DomainAction.AnswerImpactAssessment, Assessment()).IsAllowed);
        Assert.False(Permissions.Can(Actor.Create("colleague-1", Role.Auditor), DomainAction.AnswerImpactAssessment, Assessment()).IsAllowed);
    }

    [Fact]
    public void Approval_needs_a_risk_approver_or_the_named_approver_who_neither_assessed_nor_answered()
    {
        Assert.True(Permissions.Can(Actors.Approver, DomainAction.ApproveImpactAssessment, Assessment()).IsAllowed);
        Assert.True(Permissions.Can(Actor.Create("manager-1"), DomainAction.ApproveImpactAssessment, Assessment("manager-1")).IsAllowed);
        Assert.False(Permissions.Can(Actor.Create("manager-1"), DomainAction.ApproveImpactAssessment, Assessment()).IsAllowed);
        Assert.False(Permissions.Can(Actors.Lead, DomainAction.ApproveImpactAssessment, Assessment()).IsAllowed);

        var assessor = Permissions.Can(Actor.Create("Owner-1", Role.RiskApprover), DomainAction.ApproveImpactAssessment, Assessment("owner-1"));
        Assert.Contains("You are the assessor", assessor.Reason, StringComparison.Ordinal);
        var contributor = Permissions.Can(Actor.Create("colleague-1", Role.RiskApprover), DomainAction.ApproveImpactAssessment, Assessment("colleague-1"));
        Assert.Contains("You answered part of this impact assessment", contributor.Reason, StringComparison.Ordinal);
        Assert.Contains("read-only", Permissions.Can(Actor.Create("approver-9", Role.RiskApprover, Role.Auditor), DomainAction.ApproveImpactAssessment, Assessment()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Attempting_an_approval_is_open_to_anyone_who_might_be_the_owners_manager_and_the_assessment_decides()
    {
        Assert.True(Permissions.CanAttempt(Actors.Stranger, DomainAction.ApproveImpactAssessment).IsAllowed);
        Assert.True(Permissions.CanAttempt(Actors.Owner, DomainAction.AssessImpact).IsAllowed);
        Assert.True(Permissions.CanAttempt(Actors.Stranger, DomainAction.AnswerImpactAssessment).IsAllowed);
        Assert.False(Permissions.CanAttempt(Actors.Owner, DomainAction.ManageQuestionnaires).IsAllowed);
        Assert.True(Permissions.CanAttempt(Actors.Lead, DomainAction.ManageQuestionnaires).IsAllowed);
        Assert.Equal("Only a compliance lead can load a new version of the impact assessment questionnaire.", Permissions.Can(Actors.Admin, DomainAction.ManageQuestionnaires).Reason);
        Assert.All(new[] { DomainAction.AssessImpact, DomainAction.AnswerImpactAssessment, DomainAction.ApproveImpactAssessment, DomainAction.ManageQuestionnaires }, a => Assert.True(a.IsMutating()));
    }

    [Fact]
    public void Assessments_are_read_by_leads_auditors_approvers_and_admins_and_by_the_people_of_the_one_assessment()
    {
        var assessment = Assessment("manager-1");
        foreach (var reader in new[] { Actors.Lead, Actors.Auditor, Actors.Approver, Actors.Admin, Actors.Owner, Actor.Create("colleague-1"), Actor.Create("MANAGER-1") })
        {
            Assert.True(Permissions.Can(reader, DomainAction.ViewImpactAssessments, assessment).IsAllowed, reader.UserId);
        }

        var stranger = Permissions.Can(Actors.Stranger, DomainAction.ViewImpactAssessments, assessment);
        Assert.False(stranger.IsAllowed);
        Assert.Contains("the AI system's owner", stranger.Reason, StringComparison.Ordinal);

        // Another system's owner reads only their own; an auditor reads everything but only reads.
        Assert.False(Permissions.Can(Actors.Owner, DomainAction.ViewImpactAssessments, ResourceContext.ImpactAssessment("owner-2", "owner-2", [])).IsAllowed);
        Assert.True(Permissions.Can(Actors.Auditor, DomainAction.ViewImpactAssessments, ResourceContext.None).IsAllowed);
        Assert.False(DomainAction.ViewImpactAssessments.IsMutating());
        Assert.False(Permissions.Can(Actors.Auditor, DomainAction.AssessImpact, assessment).IsAllowed);
    }
}
