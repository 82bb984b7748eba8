using AimsBot.Domain.Assessments;
using AimsBot.Storage.Assessments;
using AimsBot.Testing;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Tests.Assessments;

/// <summary>The Questionnaires and SignificantChanges tables in real Azurite: a file of the largest size round-trips, versions are insert-only.</summary>
public sealed class QuestionnaireRepositoryTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly TableStore _store;
    private readonly QuestionnaireRepository _questionnaires;
    private readonly SignificantChangeRepository _changes;

    public QuestionnaireRepositoryTests()
    {
        _store = new TableStore(Options.Create(new StorageOptions
        {
            ConnectionString = TestEnvironment.TableConnectionString,
            TablePrefix = TestEnvironment.UniqueTablePrefix(),
        }));
        _questionnaires = new QuestionnaireRepository(_store);
        _changes = new SignificantChangeRepository(_store);
    }

    public async Task InitializeAsync()
    {
        _store.Register(QuestionnaireRepository.TableName);
        _store.Register(SignificantChangeRepository.TableName);
        await _store.EnsureTablesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var table in _store.RegisteredTables)
        {
            await _store.Table<Azure.Data.Tables.TableEntity>(table).Client.DeleteAsync();
        }
    }

    [Fact]
    public async Task A_file_of_the_largest_size_is_split_over_properties_and_read_back_whole_and_a_list_skips_it()
    {
        // Non-ASCII text and a surrogate pair across the first chunk's end (character 30,000): no part may end half-way through it.
        var json = "{\"title\":\"" + new string('é', 29_989) + "😀" + new string('x', QuestionnaireLoader.MaxFileBytes - 30_020) + "\"}";
        await _questionnaires.AddAsync(Tenant, Stored("impact-assessment@2.0", json, At));

        var read = await _questionnaires.GetAsync(Tenant, "impact-assessment@2.0");
        Assert.Equal(json, read!.Json);
        Assert.Equal(("lead-1", "Lee Lead", At, "questionnaire.json"), (read.LoadedBy, read.LoadedByName, read.LoadedAt, read.FileName));

        var listed = Assert.Single(await _questionnaires.ListAsync(Tenant));
        Assert.Equal(("impact-assessment@2.0", ""), (listed.Key, listed.Json));
        Assert.Null(await _questionnaires.GetAsync(Tenant, "impact-assessment@9.9"));
        Assert.Null(await _questionnaires.GetAsync(Tenant, "not/a key"));
    }

    [Fact]
    public async Task A_version_is_inserted_once_and_a_second_insert_leaves_the_first_and_lists_come_in_load_order()
    {
        await _questionnaires.AddAsync(Tenant, Stored("impact-assessment@2.1", "{\"a\":1}", At.AddHours(1)));
        await _questionnaires.AddAsync(Tenant, Stored("impact-assessment@2.0", "{\"a\":0}", At));

        await Assert.ThrowsAsync<EntityAlreadyExistsException>(() => _questionnaires.AddAsync(Tenant, Stored("impact-assessment@2.0", "{\"a\":2}", At.AddHours(2))));

        Assert.Equal("{\"a\":0}", (await _questionnaires.GetAsync(Tenant, "impact-assessment@2.0"))!.Json);
        Assert.Equal(["impact-assessment@2.0", "impact-assessment@2.1"], (await _questionnaires.ListAsync(Tenant)).Select(q => q.Key));
    }

    [Fact]
    public async Task A_systems_latest_change_replaces_the_one_before()
    {
        await _changes.SaveAsync(Tenant, new SignificantChange("credit-scorer", "New bureau data source", "owner-1", At), "Olive Owner");
        await _changes.SaveAsync(Tenant, new SignificantChange("credit-scorer", "Now also scores small-business loans", "lead-1", At.AddDays(3)), "Lee Lead");
        await _changes.SaveAsync(Tenant, new SignificantChange("fraud-watch", "Retrained on 2026 data", "owner-1", At), null);

        var all = await _changes.ListAsync(Tenant);
        Assert.Equal(["credit-scorer", "fraud-watch"], all.Keys.Order(StringComparer.Ordinal));
        var latest = all["credit-scorer"];
        Assert.Equal(("Now also scores small-business loans", "lead-1", At.AddDays(3), "Lee Lead"), (latest.Change.Reason, latest.Change.RaisedBy, latest.Change.RaisedAt, latest.RaisedByName));
        Assert.Null(await _changes.GetAsync(Tenant, "no-such-system"));
    }

    private static StoredQuestionnaire Stored(string key, string json, DateTimeOffset at) =>
        new(key, "AI system impact assessment", json, "hash-" + key, "lead-1", "Lee Lead", at, "questionnaire.json");
}
