using AimsBot.Assessments.Approval;
using AimsBot.Domain.Assessments;

namespace AimsBot.Host.Tests.Assessments.Approval;

/// <summary>The approval card's size budget, with answers at their longest in scripts that JSON escapes.</summary>
public sealed class ApprovalCardsTests
{
    [Theory]
    [InlineData('x')]
    [InlineData('語')]
    public void The_longest_answers_are_shortened_until_the_card_fits_Teams_and_the_outbox(char letter)
    {
        var answer = new string(letter, 2000);
        var sections = Enumerable.Range(1, 8).Select(s => new SectionBrief(
            $"Step {s}",
            Enumerable.Range(1, s == 7 ? 20 : 1).Select(i => ((string?)(s == 7 ? $"Impact {i}" : null), (IReadOnlyList<AnswerBrief>)Enumerable.Range(1, 8).Select(q => new AnswerBrief($"Question {q}", answer)).ToList())).ToList())).ToList();
        var impacts = Enumerable.Range(1, 20).Select(i => new ImpactBrief(i, true, "Fairness and non-discrimination", answer, new HarmScore(i, 4, 4, ImpactLevel.High, ImpactLevel.High))).ToList();
        var view = new ApprovalView("credit-scorer", "Credit Scorer", 1, 9, AssessmentStatus.Submitted, "Olive Owner", ["Cora Colleague"], ImpactLevel.High, impacts, ["Credit"], null, sections, DateTimeOffset.UnixEpoch, null, null, null, ["29:a", "29:b"]);

        var card = ApprovalCards.Card(view, ApprovalViewer.Decider);

        Assert.InRange(ApprovalCards.Size(card), 1, ApprovalCards.MaxBytes);
        Assert.Contains("Approve", card.ToJson(), StringComparison.Ordinal);
        Assert.Contains("Return for changes", card.ToJson(), StringComparison.Ordinal);
    }
}
