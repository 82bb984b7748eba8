using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Storage.Tests.Register;

public sealed class ControlInstanceRepositoryTests : RegisterStorageTest
{
    private static readonly ControlId A626 = ControlId.Parse("A.6.2.6");

    [Fact]
    public async Task Adding_missing_instances_creates_only_those_not_there_and_leaves_existing_ones_alone()
    {
        var scope = ControlScope.ForSystem("credit-scorer");
        var owned = NewControl(scope, "A.6.2.6").AssignOwner("owner-9", TimeZoneInfo.Utc, Lead).Value!;
        await Controls.AddMissingAsync(Tenant, [new ControlUpdate(owned, "Olga Owner")]);

        var created = await Controls.AddMissingAsync(Tenant, AnnexA.Controls
            .Where(c => c.DefaultLayer == ControlLayer.AiSystem)
            .Select(c => new ControlUpdate(NewControl(scope, c.Id), null)));

        Assert.Equal(17, created.Count);
        Assert.DoesNotContain(created, r => r.ControlId == A626);
        var all = await Controls.ListScopeAsync(Tenant, scope);
        Assert.Equal(18, all.Count);
        var kept = Assert.Single(all, c => c.Instance.ControlId == A626);
        Assert.Equal("owner-9", kept.Instance.OwnerUserId);
        Assert.Equal("Olga Owner", kept.OwnerName);
    }

    [Fact]
    public async Task A_change_to_a_missing_instance_creates_it_and_stores_next_due_for_scans()
    {
        var scope = ControlScope.ForSystem("credit-scorer");
        var change = await Controls.ModifyAsync(Tenant, scope, A626, before =>
        {
            Assert.Null(before);
            return Result.Success(new ControlUpdate(NewControl(scope, "A.6.2.6"), null));
        });

        Assert.True(change.IsSuccess);
        Assert.Null(change.Value!.Before);
        var row = await Store.Table<ControlInstanceRow>(ControlInstanceRepository.TableName).GetAsync($"{Tenant}|credit-scorer", "A.6.2.6");
        Assert.NotNull(row);
        Assert.Equal("2025-07-16", row.NextDue); // no evidence yet: the first-due rule, 30 days after creation
        Assert.Equal("quarterly", row.Cadence);

        var stored = await Controls.GetAsync(Tenant, scope, A626);
        Assert.Equal(new DateOnly(2025, 7, 16), stored!.Instance.NextDue);
    }

    [Fact]
    public async Task A_change_that_loses_a_race_is_reapplied_to_the_winners_version_so_both_changes_land()
    {
        var scope = ControlScope.Organization;
        var id = ControlId.Parse("A.2.2");
        await Controls.AddMissingAsync(Tenant, [new ControlUpdate(NewControl(scope, "A.2.2"), null)]);

        var calls = 0;
        var change = await Controls.ModifyAsync(Tenant, scope, id, before =>
        {
            calls++;
            if (calls == 1)
            {
                // Another writer excludes the control between our read and our write.
                var theirs = before!.Instance.Exclude(Lead, "We develop no AI of our own; covered by procurement.", Clock).Value!;
                Store.Table<ControlInstanceRow>(ControlInstanceRepository.TableName)
                    .ReplaceAsync(WithETag(ControlInstanceRepository.ToRow(Tenant, theirs, null), before.ETag)).GetAwaiter().GetResult();
            }

            return before!.Instance.AssignOwner("owner-2", TimeZoneInfo.Utc, Lead).Map(i => new ControlUpdate(i, "Omar Owner"));
        });

        Assert.True(change.IsSuccess);
        Assert.Equal(2, calls);
        var stored = await Controls.GetAsync(Tenant, scope, id);
        Assert.True(stored!.Instance.Applicability.IsExcluded);
        Assert.Equal("owner-2", stored.Instance.OwnerUserId);
        Assert.Equal("Omar Owner", stored.OwnerName);
        Assert.Null((await Store.Table<ControlInstanceRow>(ControlInstanceRepository.TableName).GetAsync($"{Tenant}|org", "A.2.2"))!.NextDue);
    }

    [Fact]
    public async Task A_change_that_keeps_losing_races_gives_up_after_a_bounded_number_of_attempts()
    {
        var scope = ControlScope.Organization;
        var id = ControlId.Parse("A.2.3");
        await Controls.AddMissingAsync(Tenant, [new ControlUpdate(NewControl(scope, "A.2.3"), null)]);
        var table = Store.Table<ControlInstanceRow>(ControlInstanceRepository.TableName);

        var calls = 0;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Controls.ModifyAsync(Tenant, scope, id, before =>
        {
            calls++;
            var row = ControlInstanceRepository.ToRow(Tenant, before!.Instance, $"racer {calls}");
            table.ReplaceAsync(WithETag(row, before.ETag)).GetAwaiter().GetResult();
            return Result.Success(new ControlUpdate(before.Instance.AssignOwner("loser", TimeZoneInfo.Utc, Lead).Value!, "Loser"));
        }));

        Assert.Equal(ControlInstanceRepository.MaxAttempts, calls);
        var stored = await Controls.GetAsync(Tenant, scope, id);
        Assert.Null(stored!.Instance.OwnerUserId);
        Assert.Equal($"racer {calls}", stored.OwnerName);
    }

    [Fact]
    public async Task A_refused_change_writes_nothing()
    {
        var scope = ControlScope.ForSystem("credit-scorer");
        var auditor = Actor.Create("auditor-1", Role.Auditor);
        var change = await Controls.ModifyAsync(Tenant, scope, A626, before =>
            ControlInstance.Create(scope, A626, auditor, Clock, TimeZoneInfo.Utc).Map(i => new ControlUpdate(i, null)));

        Assert.False(change.IsSuccess);
        Assert.Equal("access.refused", change.Errors[0].Code);
        Assert.Null(await Controls.GetAsync(Tenant, scope, A626));
    }

    [Fact]
    public async Task A_tenant_scan_sees_every_scope_of_that_tenant_and_nothing_of_a_tenant_whose_id_starts_the_same()
    {
        const string other = Tenant + "0";
        await Controls.AddMissingAsync(Tenant, [
            new ControlUpdate(NewControl(ControlScope.Organization, "A.2.2"), null),
            new ControlUpdate(NewControl(ControlScope.ForSystem("a"), "A.6.2.6"), null),
            new ControlUpdate(NewControl(ControlScope.ForSystem("zz-top"), "A.7.4"), null),
        ]);
        await Controls.AddMissingAsync(other, [new ControlUpdate(NewControl(ControlScope.Organization, "A.2.2"), null)]);

        var seen = new List<StoredControl>();
        await foreach (var control in Controls.ListTenantAsync(Tenant))
        {
            seen.Add(control);
        }

        Assert.Equal(["a:A.6.2.6", "org:A.2.2", "zz-top:A.7.4"], seen.Select(c => $"{c.Instance.Scope.Key}:{c.Instance.ControlId}").Order(StringComparer.Ordinal));
    }

    private static ControlInstanceRow WithETag(ControlInstanceRow row, Azure.ETag etag)
    {
        row.ETag = etag;
        return row;
    }
}
