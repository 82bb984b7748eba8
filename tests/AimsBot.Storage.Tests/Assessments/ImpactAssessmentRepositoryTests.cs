using AimsBot.Domain.Access;
using AimsBot.Domain.Assessments;
using AimsBot.Domain.Register;
using AimsBot.Storage.Assessments;
using AimsBot.Storage.Tests.Register;
using AimsBot.Testing;
using Microsoft.Extensions.Options;

namespace AimsBot.Storage.Tests.Assessments;

/// <summary>The ImpactAssessments table in real Azurite: answers split over properties, ETags, latest versions.</summary>
public sealed class ImpactAssessmentRepositoryTests : IAsyncLifetime
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private static readonly Actor Lead = Actor.Create("lead-1", Role.ComplianceLead);
    private static readonly Actor Owner = Actor.Create("owner-1");

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
    private readonly TableStore _store;
    private readonly ImpactAssessmentRepository _repository;

    public ImpactAssessmentRepositoryTests()
    {
        _store = new TableStore(Options.Create(new StorageOptions
        {
            ConnectionString = TestEnvironment.TableConnectionString,
            TablePrefix = TestEnvironment.UniqueTablePrefix(),
        }));
        _repository = new ImpactAssessmentRepository(_store);
    }

    public async Task InitializeAsync()
    {
        _store.Register(ImpactAssessmentRepository.TableName);
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
    public async Task An_assessment_with_long_answers_comes_back_with_every_field()
    {
        var system = NewSystem("Credit Scorer");
        var assessment = Start(system);
        // 12 harms of about 4,000 characters each: far more than one table property holds.
        assessment = Ok(assessment.SaveSection(system, "impacts", Enumerable.Range(1, 12).Select(i => Harm(i)).ToList(), Owner));
        assessment = Ok(assessment.SaveSection(system, "misuse", new Dictionary<string, string?> { ["misuse-foreseen"] = "no", ["misuse-reasoning"] = "Only credit officers see the scores; ünïcødé 🙂 stays intact." }, Owner));
        assessment = Ok(assessment.AskContributor(system, "data", "colleague-7", Owner));
        var state = assessment.ToState();
        var answerChars = state.Answers.Values.SelectMany(items => items).SelectMany(item => item.Values).Sum(v => v.Length);
        Assert.True(answerChars > 40_000, $"only {answerChars} characters of answers");

        await _repository.AddAsync(Tenant, state);
        var stored = await _repository.GetAsync(Tenant, "credit-scorer", 1);

        Assert.NotNull(stored);
        var back = stored.State;
        Assert.Equal((state.Id, state.SystemId, state.Version, state.QuestionnaireId, state.QuestionnaireVersion), (back.Id, back.SystemId, back.Version, back.QuestionnaireId, back.QuestionnaireVersion));
        Assert.Equal((state.AssessorUserId, state.Status, state.Revision, state.StartedAt), (back.AssessorUserId, back.Status, back.Revision, back.StartedAt));
        Assert.Equal(12, back.Answers["impacts"].Count);
        Assert.Equal(state.Answers["impacts"][11]["impact-description"], back.Answers["impacts"][11]["impact-description"]);
        Assert.Equal("Only credit officers see the scores; ünïcødé 🙂 stays intact.", back.Answers["misuse"][0]["misuse-reasoning"]);
        Assert.Equal("colleague-7", back.AskedContributors["data"]);
        Assert.Equal(["owner-1"], back.AnsweredBy["impacts"]);

        var restored = ImpactAssessment.Restore(back, QuestionnaireLoader.Shipped);
        Assert.True(restored.IsSuccess, restored.ErrorMessage);
        Assert.Equal(12, restored.Value!.AnswersFor("impacts")!.Items.Count);
        Assert.Null(await _repository.GetAsync("99999999-2222-3333-4444-555555555555", "credit-scorer", 1));
    }

    [Fact]
    public async Task A_replace_with_a_stale_etag_is_refused_and_the_newer_answers_stay()
    {
        var system = NewSystem("Credit Scorer");
        var assessment = Start(system);
        var added = await _repository.AddAsync(Tenant, assessment.ToState());

        var first = Ok(assessment.SaveSection(system, "misuse", new Dictionary<string, string?> { ["misuse-foreseen"] = "no", ["misuse-reasoning"] = "Only credit officers see the scores." }, Owner));
        var written = await _repository.ReplaceAsync(Tenant, first.ToState(), added.ETag);
        var second = Ok(assessment.SaveSection(system, "misuse", new Dictionary<string, string?> { ["misuse-foreseen"] = "yes" }, Owner));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _repository.ReplaceAsync(Tenant, second.ToState(), added.ETag));

        var stored = await _repository.GetAsync(Tenant, "credit-scorer", 1);
        Assert.Equal("Only credit officers see the scores.", stored!.State.Answers["misuse"][0]["misuse-reasoning"]);
        Assert.Equal(written.ETag, stored.ETag);
        Assert.Equal(1, stored.State.Revision);
    }

    [Fact]
    public async Task A_second_insert_of_the_same_version_is_refused_and_the_first_stays()
    {
        var system = NewSystem("Credit Scorer");
        var first = Start(system);
        await _repository.AddAsync(Tenant, first.ToState());

        var again = Start(system, Lead);
        await Assert.ThrowsAsync<EntityAlreadyExistsException>(() => _repository.AddAsync(Tenant, again.ToState()));

        Assert.Equal(first.Id, (await _repository.GetAsync(Tenant, "credit-scorer", 1))!.State.Id);
    }

    [Fact]
    public async Task The_latest_version_is_the_highest_of_that_system_only()
    {
        // "credit" sorts right before "credit-scorer": its rows must not be read as credit-scorer's.
        await _repository.AddAsync(Tenant, WithVersion(Start(NewSystem("Credit")).ToState(), 3));
        var scorer = Start(NewSystem("Credit Scorer")).ToState();
        await _repository.AddAsync(Tenant, scorer);
        await _repository.AddAsync(Tenant, WithVersion(scorer, 2));
        await _repository.AddAsync(Tenant, WithVersion(scorer, 10));
        await _repository.AddAsync(Tenant, WithVersion(Start(NewSystem("Credit Scorer 2")).ToState(), 5));

        Assert.Equal(10, (await _repository.GetLatestAsync(Tenant, "credit-scorer"))!.State.Version);
        Assert.Equal(3, (await _repository.GetLatestAsync(Tenant, "credit"))!.State.Version);
        Assert.Null(await _repository.GetLatestAsync(Tenant, "chat-assistant"));
        Assert.Null(await _repository.GetLatestAsync(Tenant, "not a system id"));
    }

    [Fact]
    public async Task The_list_holds_each_systems_latest_version_with_its_columns()
    {
        var system = NewSystem("Credit Scorer");
        var draft = Start(system);
        await _repository.AddAsync(Tenant, draft.ToState());
        var submitted = SubmitAll(system, draft);
        await _repository.AddAsync(Tenant, WithVersion(submitted.ToState(), 2));
        await _repository.AddAsync(Tenant, Start(NewSystem("Chat Assistant", owner: "owner-2"), Actor.Create("owner-2")).ToState());

        var latest = (await _repository.ListLatestAsync(Tenant)).OrderBy(a => a.State.SystemId, StringComparer.Ordinal).ToList();

        Assert.Equal(["chat-assistant", "credit-scorer"], latest.Select(a => a.State.SystemId));
        Assert.Equal((2, AssessmentStatus.Submitted, _clock.Now), (latest[1].State.Version, latest[1].State.Status, latest[1].State.SubmittedAt));
        Assert.Equal(("owner-2", AssessmentStatus.Draft), (latest[0].State.AssessorUserId, latest[0].State.Status));
        Assert.Empty(await _repository.ListLatestAsync("99999999-2222-3333-4444-555555555555"));
    }

    private static ImpactAssessmentState WithVersion(ImpactAssessmentState state, int version) => state with { Version = version };

    private ImpactAssessment SubmitAll(AiSystem system, ImpactAssessment assessment)
    {
        var answers = new Dictionary<string, Dictionary<string, string?>>
        {
            ["system"] = new() { ["sensitive-uses"] = "credit" },
            ["misuse"] = new() { ["misuse-foreseen"] = "no", ["misuse-reasoning"] = "Only credit officers see the scores." },
            ["data"] = new() { ["data-sources"] = "The national credit bureau.", ["personal-data"] = "no", ["data-provenance"] = "Contracts with the bureau." },
            ["model"] = new() { ["model-type"] = "machine-learning", ["model-origin"] = "in-house", ["decision-role"] = "recommends", ["decision-logic"] = "Gradient boosting over bureau data.", ["performance"] = "AUC is monitored every month." },
            ["deployment"] = new() { ["environment"] = "Branch offices of the bank.", ["oversight"] = "in-the-loop", ["oversight-description"] = "Credit officers review each score.", ["can-contest"] = "no" },
            ["parties"] = new() { ["individuals"] = "Loan applicants.", ["vulnerable"] = "no" },
            ["conclusions"] = new() { ["conclusion"] = "acceptable", ["summary"] = "Acceptable as it stands." },
        };
        foreach (var (section, values) in answers)
        {
            var current = assessment.AnswersFor(section)?.Single.Values.ToDictionary(p => p.Key, p => (string?)p.Value) ?? [];
            foreach (var (key, value) in values)
            {
                current[key] = value;
            }

            assessment = Ok(assessment.SaveSection(system, section, current, Owner));
        }

        assessment = Ok(assessment.SaveSection(system, "impacts", [Harm(1)], Owner));
        return Ok(assessment.Submit(system, Owner, _clock));
    }

    private static Dictionary<string, string?> Harm(int n) => new()
    {
        ["effect"] = "harm",
        ["area"] = "fairness",
        ["impact-description"] = $"Impact {n}: " + new string('d', 1980),
        ["affected"] = "Applicants",
        ["severity"] = "3",
        ["likelihood"] = "2",
        ["reversibility"] = "with-effort",
        ["existing-measures"] = $"Measures {n}: " + new string('m', 1980),
    };

    private ImpactAssessment Start(AiSystem system, Actor? actor = null) =>
        Ok(ImpactAssessment.Start(system, QuestionnaireLoader.Shipped, actor ?? Owner, _clock));

    private AiSystem NewSystem(string name, string owner = "owner-1") =>
        AiSystem.Create(
            new AiSystemDetails(name, "Scores loan applications.", "Decision support for credit officers.", [OrganizationRole.Developer], LifecycleStage.Operation, owner, RiskTier.High),
            Lead,
            _clock).Value!;

    private static T Ok<T>(Domain.Result<T> result)
    {
        Assert.True(result.IsSuccess, result.ErrorMessage);
        return result.Value!;
    }
}
