using AimsBot.Commands;
using AimsBot.Domain.Access;
using Microsoft.Extensions.Options;

namespace AimsBot.Assessments.Reports;

/// <summary><c>assessment &lt;system&gt; [version]</c>: one version of a system's impact assessment in brief (the latest without a version).</summary>
public sealed class AssessmentCommand : IChatCommand
{
    private readonly AssessmentReportQueries _queries;

    public AssessmentCommand(AssessmentReportQueries queries) => _queries = queries;

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Arguments.Length == 0)
        {
            return BotReply.FromText("Which AI system? Use: **assessment ‹system› [version]**, e.g. **assessment Credit Scorer** (or **assessments** for every system's status).");
        }

        var report = await _queries.ReportAsync(context.Caller, context.Arguments, withLedger: false, cancellationToken);
        return report.TryGetValue(out var found)
            ? BotReply.FromCard(AssessmentReportCards.Detail(found), $"Impact assessment of {found.SystemName}, version {found.Version}")
            : BotReply.FromText(report.ErrorMessage);
    }
}

/// <summary><c>assessments</c>: every AI system in the register with where its impact assessment stands.</summary>
public sealed class AssessmentsCommand : IChatCommand
{
    private readonly AssessmentReportQueries _queries;
    private readonly IOptions<AssessmentOptions> _options;

    public AssessmentsCommand(AssessmentReportQueries queries, IOptions<AssessmentOptions> options)
    {
        _queries = queries;
        _options = options;
    }

    public async Task<BotReply> ExecuteAsync(CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var list = await _queries.ListAsync(context.Caller, cancellationToken);
        if (list.SystemsInRegister == 0)
        {
            return BotReply.FromText(context.Caller.Has(Role.ComplianceLead)
                ? "The register has no AI systems yet, so there is nothing to assess. Add the first with **system add**; its owner then assesses it with **assess ‹system›**."
                : "The register has no AI systems yet, so there is nothing to assess; a compliance lead adds them with **system add**.");
        }

        if (list.Rows.Count == 0)
        {
            return BotReply.FromText("You neither own nor assess any AI system in the register, so there is no impact assessment for you to see. Every system's status is for compliance leads, risk approvers and auditors.");
        }

        return BotReply.FromCard(AssessmentReportCards.List(list.Rows, _options.Value.DueWarningDays, list.OnlyOwn), $"Impact assessments of {list.Rows.Count} AI systems");
    }
}
