using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Storage.Tests.Register;

public sealed class EvidenceRepositoryTests : RegisterStorageTest
{
    private static readonly ControlScope Scope = ControlScope.ForSystem("credit-scorer");
    private static readonly ControlId A626 = ControlId.Parse("A.6.2.6");

    [Fact]
    public async Task Evidence_reads_newest_first_page_by_page_with_every_field()
    {
        var control = NewControl(Scope, "A.6.2.6");
        for (var i = 1; i <= 5; i++)
        {
            await Evidence.AddAsync(Tenant, NewEvidence(control, $"report {i}"), "Dana Owner", Guid.NewGuid());
            Clock.Now = Clock.Now.AddMinutes(1);
        }

        var latest = await Evidence.LatestAsync(Tenant, Scope, A626, 1);
        var newest = Assert.Single(latest);
        Assert.Equal("report 5", newest.Description);
        Assert.Equal(EvidenceKind.Link, newest.Kind);
        Assert.Equal("https://intranet.example/monitoring/2025-05", newest.Url);
        Assert.Equal(new DateOnly(2025, 5, 1), newest.PeriodFrom);
        Assert.Equal(new DateOnly(2025, 5, 31), newest.PeriodTo);
        Assert.Equal("lead-1", newest.SubmittedBy);
        Assert.Equal("Dana Owner", newest.SubmittedByName);
        Assert.Equal(Scope, newest.Scope);
        Assert.Equal(A626, newest.ControlId);

        var first = await Evidence.PageAsync(Tenant, Scope, A626, 3, null);
        Assert.Equal(["report 5", "report 4", "report 3"], first.Items.Select(e => e.Description));
        Assert.NotNull(first.ContinuationToken);
        var second = await Evidence.PageAsync(Tenant, Scope, A626, 3, first.ContinuationToken);
        Assert.Equal(["report 2", "report 1"], second.Items.Select(e => e.Description));
    }

    [Fact]
    public async Task The_same_submission_twice_is_recorded_once_and_the_repeat_gets_the_first_record()
    {
        var control = NewControl(Scope, "A.6.2.6");
        var submission = Guid.NewGuid();
        var first = await Evidence.AddAsync(Tenant, NewEvidence(control, "first click"), "Dana Owner", submission);
        Clock.Now = Clock.Now.AddSeconds(1);
        var second = await Evidence.AddAsync(Tenant, NewEvidence(control, "second click"), "Dana Owner", submission);

        Assert.False(first.AlreadyRecorded);
        Assert.True(second.AlreadyRecorded);
        Assert.Equal(first.Evidence.Id, second.Evidence.Id);
        var all = await Evidence.PageAsync(Tenant, Scope, A626, 100, null);
        Assert.Equal(["first click"], all.Items.Select(e => e.Description));
        Assert.Equal(first.Evidence.Id, (await Evidence.FindSubmissionAsync(Tenant, Scope, A626, submission))!.Id);
        Assert.Null(await Evidence.FindSubmissionAsync(Tenant, Scope, A626, Guid.NewGuid()));
    }

    [Fact]
    public async Task Concurrent_copies_of_one_submission_record_one_evidence()
    {
        var control = NewControl(Scope, "A.6.2.6");
        var submission = Guid.NewGuid();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Evidence.AddAsync(Tenant, NewEvidence(control, $"copy {i}"), null, submission)));

        Assert.Single(outcomes, o => !o.AlreadyRecorded);
        Assert.Single(outcomes.Select(o => o.Evidence.Id).Distinct());
        Assert.Single((await Evidence.PageAsync(Tenant, Scope, A626, 100, null)).Items);
    }

    [Fact]
    public async Task Evidence_of_one_control_or_scope_never_shows_under_another()
    {
        var mine = NewControl(Scope, "A.6.2.6");
        var otherSystem = NewControl(ControlScope.ForSystem("chat-assistant"), "A.6.2.6");
        var otherControl = NewControl(Scope, "A.6.2.7");
        await Evidence.AddAsync(Tenant, NewEvidence(mine, "mine"), null, Guid.NewGuid());
        await Evidence.AddAsync(Tenant, NewEvidence(otherSystem, "other system"), null, Guid.NewGuid());
        await Evidence.AddAsync(Tenant, NewEvidence(otherControl, "other control"), null, Guid.NewGuid());
        await Evidence.AddAsync("99999999-2222-3333-4444-555555555555", NewEvidence(mine, "other tenant"), null, Guid.NewGuid());

        var items = (await Evidence.PageAsync(Tenant, Scope, A626, 100, null)).Items;
        Assert.Equal(["mine"], items.Select(e => e.Description));
    }

    [Fact]
    public async Task A_submitted_range_is_exact_to_the_tick_and_pages_after_the_last_row_key_shown()
    {
        var control = NewControl(Scope, "A.6.2.6");
        var from = new DateTimeOffset(2026, 1, 10, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 1, 11, 0, 0, 0, TimeSpan.Zero);
        var instants = new[] { from.AddTicks(-1), from, from.AddHours(5), from.AddHours(10), to.AddTicks(-1), to };
        foreach (var (at, i) in instants.Select((at, i) => (at, i)))
        {
            Clock.Now = at;
            await Evidence.AddAsync(Tenant, NewEvidence(control, $"at {i}"), null, Guid.NewGuid());
        }

        var all = await Evidence.QueryAsync(Tenant, Scope, A626, from, to, null, 10);
        Assert.Equal(["at 4", "at 3", "at 2", "at 1"], all.Rows.Select(r => r.Evidence.Description));
        Assert.False(all.HasMore);

        var first = await Evidence.QueryAsync(Tenant, Scope, A626, from, to, null, 2);
        Assert.True(first.HasMore);
        var second = await Evidence.QueryAsync(Tenant, Scope, A626, from, to, first.Rows[^1].RowKey, 2);
        Assert.Equal(["at 2", "at 1"], second.Rows.Select(r => r.Evidence.Description));
        Assert.False(second.HasMore);

        var unbounded = await Evidence.QueryAsync(Tenant, Scope, A626, null, null, null, 100);
        Assert.Equal(6, unbounded.Rows.Count); // the submission markers (~submission-…) are never rows
        Assert.Equal(["at 5"], (await Evidence.QueryAsync(Tenant, Scope, A626, to, null, null, 10)).Rows.Select(r => r.Evidence.Description));
        Assert.Equal(["at 0"], (await Evidence.QueryAsync(Tenant, Scope, A626, null, from, null, 10)).Rows.Select(r => r.Evidence.Description));
    }
}
