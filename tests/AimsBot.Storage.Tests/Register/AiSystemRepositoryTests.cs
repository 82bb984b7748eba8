using AimsBot.Domain.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Storage.Tests.Register;

public sealed class AiSystemRepositoryTests : RegisterStorageTest
{
    [Fact]
    public async Task A_stored_system_comes_back_with_every_field_and_only_in_its_own_tenant()
    {
        var system = NewSystem("Credit Scorer");
        var submission = Guid.NewGuid();
        await Systems.AddAsync(Tenant, system, "Dana Owner", "lead-1", submission);

        var stored = await Systems.GetAsync(Tenant, "credit-scorer");
        Assert.NotNull(stored);
        var s = stored.System;
        Assert.Equal("credit-scorer", s.Id);
        Assert.Equal("Credit Scorer", s.Name);
        Assert.Equal("Scores loan applications.", s.Description);
        Assert.Equal("Decision support for credit officers.", s.IntendedUse);
        Assert.Equal([OrganizationRole.Developer, OrganizationRole.DeployerUser], s.Roles);
        Assert.Equal(LifecycleStage.Operation, s.Stage);
        Assert.Equal(RiskTier.High, s.RiskTier);
        Assert.Equal(SystemStatus.Active, s.Status);
        Assert.Equal("owner-1", s.OwnerUserId);
        Assert.Equal(Clock.Now, s.CreatedAt);
        Assert.Equal("Dana Owner", stored.OwnerName);
        Assert.Equal(submission.ToString("N"), stored.SubmissionId);

        Assert.Null(await Systems.GetAsync("99999999-2222-3333-4444-555555555555", "credit-scorer"));
        Assert.Empty(await Systems.ListAsync("99999999-2222-3333-4444-555555555555"));
        Assert.Single(await Systems.ListAsync(Tenant));
    }

    [Fact]
    public async Task A_name_that_gives_an_existing_id_is_refused_and_the_first_system_is_kept()
    {
        await Systems.AddAsync(Tenant, NewSystem("Credit Scorer"), null, "lead-1", null);

        var clash = NewSystem("credit   SCORER!", owner: "someone-else");
        Assert.Equal("credit-scorer", clash.Id);
        await Assert.ThrowsAsync<EntityAlreadyExistsException>(() => Systems.AddAsync(Tenant, clash, null, "lead-1", null));

        var kept = await Systems.GetAsync(Tenant, "credit-scorer");
        Assert.Equal("Credit Scorer", kept!.System.Name);
        Assert.Equal("owner-1", kept.System.OwnerUserId);
    }

    [Fact]
    public async Task Concurrent_adds_of_the_same_system_store_exactly_one()
    {
        var attempts = Enumerable.Range(0, 6).Select(async i =>
        {
            try
            {
                await Systems.AddAsync(Tenant, NewSystem("Chat Assistant", owner: $"owner-{i}"), null, "lead-1", null);
                return true;
            }
            catch (EntityAlreadyExistsException)
            {
                return false;
            }
        });

        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(r => r));
        Assert.Single(await Systems.ListAsync(Tenant));
    }

    [Fact]
    public async Task A_row_edited_into_an_invalid_state_is_reported_as_corrupt_not_served()
    {
        var system = NewSystem("Credit Scorer");
        var row = AiSystemRepository.ToRow(Tenant, system, null, null, null);
        row.Stage = "Sideways";
        await Store.Table<AiSystemRow>(AiSystemRepository.TableName).AddAsync(row);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Systems.GetAsync(Tenant, "credit-scorer"));
        Assert.Contains("Sideways", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tenant_ids_that_would_break_a_key_are_refused()
    {
        Assert.Throws<ArgumentException>(() => RegisterKeys.Tenant("tenant/with/slashes"));
        Assert.Throws<ArgumentException>(() => RegisterKeys.Tenant("a|b"));
        Assert.Throws<ArgumentException>(() => RegisterKeys.Tenant(""));
        Assert.Equal(Tenant, RegisterKeys.Tenant(Tenant));
    }
}
