using AimsBot.Domain.Access;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Register;

public class EvidenceRecordTests
{
    // 12:00 UTC on 31 January is already 1 February in Auckland but still 31 January in Los Angeles.
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = Build.Clock("2025-01-31T12:00:00Z");
    private readonly ControlInstance _control;

    public EvidenceRecordTests() =>
        _control = Build.Owned(Build.Instance("A.6.2.6", _clock, ControlScope.ForSystem("chatbot"), EvidenceCadence.Monthly), Actors.Owner);

    private static EvidenceDraft Link(string? url = "https://contoso.sharepoint.com/sites/ai/monitoring-jan.pdf", DateOnly? from = null, DateOnly? to = null, DateOnly? validUntil = null, string? description = "January monitoring report") =>
        new(EvidenceKind.Link, url, description, from ?? new DateOnly(2025, 1, 1), to ?? new DateOnly(2025, 1, 30), validUntil);

    private Result<EvidenceRecord> Submit(EvidenceDraft draft, Actor? by = null, TimeZoneInfo? zone = null) =>
        EvidenceRecord.Submit(draft, _control, by ?? Actors.Owner, zone ?? Zones.Utc, _clock);

    [Fact]
    public void The_owner_submits_a_link_and_it_is_stamped_with_who_and_when()
    {
        var evidence = Build.Ok(Submit(Link()));

        Assert.Equal(new Uri("https://contoso.sharepoint.com/sites/ai/monitoring-jan.pdf"), evidence.Url);
        Assert.Equal("owner-1", evidence.SubmittedBy);
        Assert.Equal(_clock.GetUtcNow(), evidence.SubmittedAt);
        Assert.Equal(_control.Ref, evidence.Control);
        Assert.Matches("^[0-9a-f]{32}$", evidence.Id);
        Assert.NotEqual(evidence.Id, Build.Ok(Submit(Link())).Id);
    }

    [Theory]
    [InlineData("http://contoso.com/report.pdf", "evidence.url.not-https")]
    [InlineData("ftp://contoso.com/report.pdf", "evidence.url.not-https")]
    [InlineData("javascript:alert(1)", "evidence.url.invalid")]
    [InlineData("contoso.com/report.pdf", "evidence.url.invalid")]
    [InlineData("/sites/ai/report.pdf", "evidence.url.invalid")]
    [InlineData("https://contoso.com/my report.pdf", "evidence.url.invalid")]
    [InlineData("https://alice:secret@contoso.com/report.pdf", "evidence.url.credentials")]
    [InlineData("", "evidence.url.required")]
    [InlineData(null, "evidence.url.required")]
    public void Links_must_be_complete_https_addresses(string? url, string code) =>
        Build.Fails(Submit(Link(url)), code);

    [Fact]
    public void An_address_may_have_2048_characters_but_not_2049()
    {
        const string prefix = "https://contoso.com/";
        Build.Ok(Submit(Link(prefix + new string('a', 2048 - prefix.Length))));
        Build.Fails(Submit(Link(prefix + new string('a', 2049 - prefix.Length))), "evidence.url.too-long");
    }

    [Fact]
    public void A_file_reference_needs_an_address_too()
    {
        var error = Build.Fails(Submit(Link(url: null) with { Kind = EvidenceKind.FileReference }), "evidence.url.required");
        Assert.Contains("file reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Notes_and_attestations_need_text_but_no_address()
    {
        Build.Fails(Submit(new EvidenceDraft(EvidenceKind.Note, null, " ", new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 30))), "evidence.description.required");
        var attestation = Build.Fails(Submit(new EvidenceDraft(EvidenceKind.Attestation, null, null, new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 30))), "evidence.description.required");
        Assert.Contains("statement", attestation.Message, StringComparison.Ordinal);

        var note = Build.Ok(Submit(new EvidenceDraft(EvidenceKind.Note, null, "Monitoring reviewed in the ops meeting.", new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 30))));
        Assert.Null(note.Url);
    }

    [Fact]
    public void An_optional_address_on_a_note_is_still_checked() =>
        Build.Fails(Submit(new EvidenceDraft(EvidenceKind.Note, "http://insecure.example", "Reviewed.", new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 30))), "evidence.url.not-https");

    [Fact]
    public void The_description_has_at_most_2000_characters()
    {
        Build.Ok(Submit(Link(description: new string('d', 2000))));
        Build.Fails(Submit(Link(description: new string('d', 2001))), "evidence.description.too-long");
    }

    [Fact]
    public void The_period_must_be_given_and_run_forwards()
    {
        Build.Fails(Submit(Link() with { PeriodFrom = null }), "evidence.period.required");
        var error = Build.Fails(Submit(Link(from: new DateOnly(2025, 1, 20), to: new DateOnly(2025, 1, 10))), "evidence.period.reversed");
        Assert.Equal("The period starts (2025-01-20) after it ends (2025-01-10).", error.Message);
        Build.Ok(Submit(Link(from: new DateOnly(2025, 1, 10), to: new DateOnly(2025, 1, 10))));
    }

    [Fact]
    public void The_period_may_end_today_in_the_submitters_zone_but_not_later()
    {
        var firstOfFebruary = new DateOnly(2025, 2, 1);

        // Same instant: already 1 February in Auckland, still 31 January in Los Angeles.
        Build.Ok(Submit(Link(to: firstOfFebruary), zone: Zones.Auckland));
        var error = Build.Fails(Submit(Link(to: firstOfFebruary), zone: Zones.LosAngeles), "evidence.period.future");
        Assert.Contains("2025-01-31 in your time zone", error.Message, StringComparison.Ordinal);
        Build.Ok(Submit(Link(to: new DateOnly(2025, 1, 31)), zone: Zones.LosAngeles));
    }

    [Fact]
    public void Valid_until_cannot_precede_the_period_or_be_past_already()
    {
        Build.Fails(Submit(Link(validUntil: new DateOnly(2025, 1, 15))), "evidence.valid-until.before-period");
        Build.Fails(Submit(Link(to: new DateOnly(2025, 1, 20), validUntil: new DateOnly(2025, 1, 25))), "evidence.valid-until.past");
        var evidence = Build.Ok(Submit(Link(validUntil: new DateOnly(2025, 12, 31))));
        Assert.True(evidence.IsValidOn(new DateOnly(2025, 12, 31)));
        Assert.False(evidence.IsValidOn(new DateOnly(2026, 1, 1)));
    }

    [Fact]
    public void All_problems_with_a_draft_are_reported_together()
    {
        var result = Submit(new EvidenceDraft(EvidenceKind.Link, "http://x.example", new string('d', 2001), new DateOnly(2025, 3, 1), new DateOnly(2025, 2, 1)));

        Assert.Equal(
            ["evidence.url.not-https", "evidence.description.too-long", "evidence.period.reversed", "evidence.period.future"],
            result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Only_the_owner_or_a_compliance_lead_submits_evidence()
    {
        Build.Ok(Submit(Link(), Actors.Lead));
        Assert.Contains("owner", Build.Fails(Submit(Link(), Actors.Stranger), "access.refused").Message, StringComparison.Ordinal);
        Build.Fails(Submit(Link(), Actors.Approver), "access.refused");
        Build.Fails(Submit(Link(), Actors.Auditor), "access.refused");
    }

    [Fact]
    public void An_excluded_control_takes_no_evidence()
    {
        var excluded = Build.Ok(_control.Exclude(Actors.Lead, "Monitoring is done by the vendor under contract.", _clock));

        Build.Fails(EvidenceRecord.Submit(Link(), excluded, Actors.Owner, Zones.Utc, _clock), "evidence.control-excluded");
    }
}
