using System.Globalization;
using AimsBot.Commands;
using AimsBot.Domain.Access;
using AimsBot.Files;

namespace AimsBot.Assessments.Reports;

/// <summary>
/// <c>export assessment &lt;system&gt; [version]</c>: the impact assessment report as a Word document, through the file
/// consent export (<see cref="FileExports"/>). Who may read it is decided on the assessment itself
/// (<see cref="DomainAction.ViewImpactAssessments"/>), when offered and again when accepted.
/// </summary>
public sealed class AssessmentExport : IExportSource
{
    private readonly AssessmentReportQueries _queries;

    public AssessmentExport(AssessmentReportQueries queries) => _queries = queries;

    public string Kind => "assessment";

    public DomainAction Action => DomainAction.ViewImpactAssessments;

    /// <summary>A Word document only: an assessment is prose, not rows.</summary>
    public IReadOnlyList<string> Formats { get; } = ["docx"];

    public async Task<ExportFile> BuildAsync(ExportRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Arguments))
        {
            throw new ExportRefusedException("Which AI system? Use: **export assessment ‹system› [version]**.");
        }

        var report = await _queries.ReportAsync(caller, request.Arguments, withLedger: true, cancellationToken);
        if (!report.TryGetValue(out var found))
        {
            throw new ExportRefusedException(report.ErrorMessage);
        }

        var content = AssessmentReportDocument.Build(found);
        var fileName = string.Create(CultureInfo.InvariantCulture, $"impact-assessment-{found.SystemId}-v{found.Version}.docx");
        return new ExportFile(fileName, content, string.Create(CultureInfo.InvariantCulture, $"Impact assessment of {found.SystemName}, version {found.Version} ({found.Status.Words()}, level {found.LevelWords})"));
    }
}
