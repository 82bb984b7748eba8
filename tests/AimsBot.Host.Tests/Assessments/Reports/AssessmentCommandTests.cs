using System.Text.Json.Nodes;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Ledger;
using AimsBot.Domain.Register;
using Microsoft.Extensions.DependencyInjection;

namespace AimsBot.Host.Tests.Assessments.Reports;

/// <summary><c>assessment &lt;system&gt; [version]</c>: one version in brief, for the people who may read it.</summary>
public sealed class AssessmentCommandTests : AssessmentReportHostTest
{
    /// <summary>Version 1 approved (on the host's today) and version 2 started from it, with one step changed.</summary>
    private async Task<AiSystem> TwoVersionsAsync()
    {
        var system = await AddSystemAsync("Credit Scorer");
        var (v1, _) = await ApprovedAsync(system);
        var v2 = ReportAssessments.Ok(v1.StartNewVersion(system, ReportAssessments.Shipped, OwnerActor, Clock));
        v2 = ReportAssessments.Ok(v2.SaveSection(system, "conclusions", new Dictionary<string, string?> { ["conclusion"] = "not-acceptable", ["further-measures"] = "Retrain on the 2026 bureau files before go-live." }, OwnerActor));
        await StoreAsync(v2);
        return system;
    }

    [Fact]
    public async Task Without_a_version_the_latest_is_shown_with_its_status_and_provisional_level()
    {
        await TwoVersionsAsync();

        var reply = await SayAsync("assessment Credit Scorer");

        Assert.NotNull(reply.Card);
        Assert.Contains("Impact assessment: Credit Scorer, version 2", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"draft\"", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("high (provisional: not approved yet)", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("Retrain on the 2026 bureau files before go-live.", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("Not acceptable", reply.Shown, StringComparison.Ordinal);
        Assert.Contains("impact-assessment@1.0", reply.Shown, StringComparison.Ordinal);
        Assert.True(reply.CardBytes < 28_000, $"{reply.CardBytes} bytes");
    }

    [Fact]
    public async Task A_given_version_shows_its_answers_in_words_levels_people_and_dates()
    {
        await TwoVersionsAsync();

        var reply = await SayAsync("assessment credit scorer v1");

        var shown = reply.Shown;
        Assert.Contains("Impact assessment: Credit Scorer, version 1", shown, StringComparison.Ordinal);
        // Choices by label, not stored value; every step's answers; one block per impact with its level.
        Assert.Contains("Creditworthiness, credit scoring or insurance pricing", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("\"text\":\"credit\"", shown, StringComparison.Ordinal);
        Assert.Contains("Gradient boosted trees over forty bureau features.", shown, StringComparison.Ordinal);
        Assert.Contains("Impact 1 · A harm · level **high** (severity 3 × likelihood 2, raised for a sensitive use)", shown, StringComparison.Ordinal);
        Assert.Contains("Impact 2 · A benefit · level **not scored (a benefit)**", shown, StringComparison.Ordinal);
        // Status, level, people by name, decisions and dates, the next reassessment (high tier: 6 months).
        Assert.Contains("\"value\":\"approved\"", shown, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Level\",\"value\":\"high\"", shown, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Assessor\",\"value\":\"Dana Owner\"", shown, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Contributors\",\"value\":\"Sam Colleague\"", shown, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Approved\",\"value\":\"2026-11-23 by Riya Approver\"", shown, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Submitted\",\"value\":\"2026-11-22\"", shown, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Next reassessment\",\"value\":\"2027-05-23\"", shown, StringComparison.Ordinal);
        Assert.Contains("Returned on 2026-11-21 by Riya Approver: Name the fairness metric you review each quarter.", shown, StringComparison.Ordinal);
        Assert.Contains("Answered by Sam Colleague; Sam Colleague was asked to answer it.", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(Approver, shown, StringComparison.Ordinal);

        Assert.Equal(reply.Shown, (await SayAsync("assessment Credit Scorer version 1")).Shown);
    }

    [Fact]
    public async Task An_unknown_system_an_unknown_version_and_a_system_with_no_assessment_get_clear_answers()
    {
        await TwoVersionsAsync();
        await AddSystemAsync("Chat Helper", RiskTier.Limited);

        var unknown = await SayAsync("assessment Credit Scorr");
        var version = await SayAsync("assessment Credit Scorer 5");
        var none = await SayAsync("assessment Chat Helper");
        var noVersion = await SayAsync("assessment Chat Helper 2");
        var nothing = await SayAsync("assessment");

        Assert.Equal("I don't know an AI system called 'Credit Scorr'. Did you mean **Credit Scorer**?", unknown.Text);
        Assert.Equal("Credit Scorer has no version 5 of its impact assessment: the versions are 1 to 2. Say **assessment Credit Scorer** for the latest.", version.Text);
        Assert.Equal("Chat Helper has no impact assessment yet. Its owner or a compliance lead starts one with **assess Chat Helper**.", none.Text);
        Assert.Contains("Chat Helper has no impact assessment yet, so there is no version 2.", noVersion.Text, StringComparison.Ordinal);
        Assert.StartsWith("Which AI system?", nothing.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_colleague_approver_and_auditor_read_it_and_the_auditors_read_is_recorded()
    {
        await TwoVersionsAsync();

        foreach (var reader in new[] { Owner, Colleague, Approver, Auditor })
        {
            var reply = await SayAsync("assessment Credit Scorer 1", reader);
            Assert.Contains("Impact assessment: Credit Scorer, version 1", reply.Shown, StringComparison.Ordinal);
            // Read-only: the card reports, it offers nothing to press.
            Assert.Null(reply.Card!["actions"]);
            Assert.DoesNotContain("Action.Execute", reply.Shown, StringComparison.Ordinal);
        }

        var audited = await Bot.Factory.Services.GetRequiredService<Storage.Ledger.TableLedgerStore>().ForEntityAsync(Tenant, LedgerEvents.AuditorQuery.EntityId);
        var query = Assert.Single(audited, e => e.ActorId == Auditor);
        Assert.Contains("\"command\":\"assessment\"", query.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_is_neither_a_reader_by_role_nor_part_of_the_assessment_is_refused()
    {
        await TwoVersionsAsync();
        await AddSystemAsync("Chat Helper", RiskTier.Limited);

        var refused = await SayAsync("assessment Credit Scorer", Stranger);
        var alsoRefused = await SayAsync("assessment Chat Helper", Stranger);

        Assert.Equal("Impact assessments are shown to compliance leads, risk approvers, auditors, the AI system's owner and the people who took part in the assessment.", refused.Text);
        Assert.Null(refused.Card);
        // Not even whether a system has an assessment yet.
        Assert.Equal(refused.Text, alsoRefused.Text);
    }

    [Fact]
    public async Task Asked_in_a_channel_the_assessment_goes_to_the_askers_1to1_chat_and_the_channel_gets_only_a_pointer()
    {
        await TwoVersionsAsync();

        var pointer = await SayAsync("assessment Credit Scorer 1", Auditor, edit: a =>
        {
            a["conversation"] = new JsonObject { ["id"] = ChannelConversation, ["conversationType"] = "channel", ["isGroup"] = true, ["tenantId"] = Tenant };
            a["channelData"] = new JsonObject
            {
                ["tenant"] = new JsonObject { ["id"] = Tenant },
                ["team"] = new JsonObject { ["id"] = "19:aims-team@thread.tacv2" },
                ["channel"] = new JsonObject { ["id"] = ChannelConversation },
            };
        });

        Assert.Null(pointer.Card);
        Assert.Equal("I answered **assessment** in our 1:1 chat, so that only you can read it.", pointer.Text);
        var privateAnswer = Assert.Single(await Bot.WaitForRequestsAsync(r => r.Method == "POST" && r.Path.Contains("/v3/conversations/a:created-", StringComparison.Ordinal)));
        Assert.Contains("Gradient boosted trees over forty bureau features.", privateAnswer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Bot.Connector.Requests, r => r.Path.Contains(ChannelConversation, StringComparison.Ordinal) && r.Body.Contains("Gradient boosted", StringComparison.Ordinal));
    }

    private const string ChannelConversation = "19:aims-team-general@thread.tacv2";
}
