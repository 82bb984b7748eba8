using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure;
using AimsBot.Exports;
using AimsBot.Ledger;
using AimsBot.Register;
using AimsBot.Storage;
using AimsBot.Storage.Register;
using AimsBot.Storage.Tables;
using Microsoft.Extensions.Options;

namespace AimsBot.Import;

/// <summary>
/// The register import, shared by the <c>import</c> chat command and the host's <c>import</c> sub-command.
/// All or nothing per file:
/// <list type="number">
/// <item>read and validate the whole file against the register as it is now, through the domain, with the
/// importer as the actor (<see cref="ImportPlanner"/>) — any problem: a report, nothing written;</item>
/// <item>compute the full change set (only what differs, so importing a file twice writes once);</item>
/// <item>write it partition by partition, each an atomic entity-group transaction that inserts new rows and
/// replaces changed rows only if they still carry the ETag they were read with;</item>
/// <item>if any batch fails (a conflict, storage down), put back the before-images of the batches already
/// written, and report that nothing changed;</item>
/// <item>record the import in the ledger (one <c>register.import</c> event; if even that fails, undo as in 4),
/// then one event per changed system and control.</item>
/// </list>
/// </summary>
public sealed partial class RegisterImport
{
    /// <summary>How many changed entity ids the import's own ledger event lists (the rest are counted).</summary>
    private const int LedgerEntityIds = 300;

    private readonly AiSystemRepository _systems;
    private readonly ControlInstanceRepository _controls;
    private readonly OwnerResolver _owners;
    private readonly LedgerRecorder _ledger;
    private readonly IImportBatchWriter _writer;
    private readonly SystemChangeFollowUps _followUps;
    private readonly RegisterOptions _registerOptions;
    private readonly ImportOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<RegisterImport> _logger;

    public RegisterImport(
        AiSystemRepository systems,
        ControlInstanceRepository controls,
        OwnerResolver owners,
        LedgerRecorder ledger,
        IImportBatchWriter writer,
        SystemChangeFollowUps followUps,
        IOptions<RegisterOptions> registerOptions,
        IOptions<ImportOptions> options,
        TimeProvider clock,
        ILogger<RegisterImport> logger)
    {
        _systems = systems;
        _controls = controls;
        _owners = owners;
        _ledger = ledger;
        _writer = writer;
        _followUps = followUps;
        _registerOptions = registerOptions.Value;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    public ImportOptions Options => _options;

    public async Task<ImportOutcome> ImportAsync(ImportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Caller;
        // Who may run an import is the command's declaration (DomainAction.ImportRegister; the host's sub-command acts
        // as a compliance lead); what each row changes is decided by the domain methods the planner calls.
        var actor = caller.Actor;
        if (!request.FileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return ImportOutcome.Refused(request.FileName, "I import CSV files only (.csv). In Excel choose File › Save As › 'CSV UTF-8 (Comma delimited)'.");
        }

        var read = CsvImport.Read(request.Content, _options.CsvOptions);
        if (!read.TryGetValue(out var document))
        {
            return ImportOutcome.Refused(request.FileName, read.ErrorMessage);
        }

        var systems = await _systems.ListAsync(caller.TenantId, cancellationToken);
        var controls = new List<StoredControl>();
        await foreach (var control in _controls.ListTenantAsync(caller.TenantId, cancellationToken))
        {
            controls.Add(control);
        }

        var planner = new ImportPlanner(caller.TenantId, actor, _clock, _registerOptions, _owners, systems, controls);
        var plan = await planner.PlanAsync(document, cancellationToken);
        if (plan.Problems.Count > 0)
        {
            return new ImportOutcome(ImportStatus.Invalid, request.FileName, plan.Rows, plan.Problems, ImportCounts.None);
        }

        var counts = new ImportCounts(
            plan.Systems.Count(s => s.Before is null),
            plan.Systems.Count(s => s.Before is not null),
            plan.Controls.Count(c => c.Before is null),
            plan.Controls.Count(c => c.Before is not null));
        if (counts.Total == 0)
        {
            return new ImportOutcome(ImportStatus.NoChanges, request.FileName, plan.Rows, [], counts);
        }

        if (request.DryRun)
        {
            return new ImportOutcome(ImportStatus.Checked, request.FileName, plan.Rows, [], counts);
        }

        // From here on the import runs to its end whatever happens to the request (Teams gives up waiting after
        // a few seconds and aborts it): a write cut off half-way would leave part of the file in the register.
        cancellationToken = CancellationToken.None;
        var importId = Guid.CreateVersion7().ToString("N");
        var batches = Batches(caller.TenantId, plan, caller.Name);
        var written = new List<ImportBatch>();
        try
        {
            foreach (var batch in batches)
            {
                await _writer.ApplyAsync(batch, cancellationToken);
                written.Add(batch);
            }
        }
        catch (Exception ex) when (IsWriteFailure(ex))
        {
            LogWriteFailed(_logger, importId, written.Count, batches.Count, ex);
            var undone = await UndoAsync(importId, written);
            var reason = ex is ConcurrencyConflictException or EntityAlreadyExistsException
                ? "Someone changed the register while I was importing"
                : "The storage failed while I was importing";
            return new ImportOutcome(ImportStatus.Failed, request.FileName, plan.Rows, [], counts, importId, undone
                ? $"{reason}, so I put back what I had written: nothing changed. Please send the file again."
                : $"{reason}, and putting back what I had written failed too: some of the file may be in the register. Please send the file again (it only writes what differs) and tell an administrator (import {importId}).");
        }

        try
        {
            await _ledger.RecordAsync(caller, Domain.Ledger.LedgerEvents.RegisterImported.About(importId, null, Summary(request, plan, counts).ToJsonString()), request.SourceActivityId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWriteFailed(_logger, importId, written.Count, batches.Count, ex);
            var undone = await UndoAsync(importId, written);
            return new ImportOutcome(ImportStatus.Failed, request.FileName, plan.Rows, [], counts, importId, undone
                ? "I could not record the import in the audit ledger, so I put back what I had written: nothing changed. Please try again later."
                : $"I could not record the import in the audit ledger, and putting back what I had written failed too. Tell an administrator (import {importId}).");
        }

        var missed = await RecordChangesAsync(caller, plan, request.SourceActivityId, cancellationToken);
        // Other workflows' part (impact assessments: new systems' owners are asked, unassessed systems going live warned of).
        var notes = await _followUps.RunAsync(caller, plan.Systems.Select(s => new SystemChanged(s.Before?.System, s.After, s.OwnerName)).ToList(), repeat: false, request.SourceActivityId, cancellationToken);
        return new ImportOutcome(ImportStatus.Applied, request.FileName, plan.Rows, [], counts, importId, missed == 0
            ? null
            : $"The audit ledger has the import (ledger {importId}), but some of its {missed} per-change events could not be recorded.")
        {
            Notes = notes,
        };
    }

    private static bool IsWriteFailure(Exception ex) =>
        ex is ConcurrencyConflictException or EntityAlreadyExistsException or RequestFailedException or HttpRequestException or IOException or TimeoutException;

    /// <summary>The change set as atomic batches: the systems (one partition), then each scope's controls.</summary>
    private static List<ImportBatch> Batches(string tenant, ImportPlan plan, string? importerName)
    {
        var batches = new List<ImportBatch>();
        var systemWrites = plan.Systems.Select(s =>
        {
            var before = s.Before is null ? null : AiSystemRepository.ToRow(tenant, s.Before.System, s.Before.OwnerName, s.Before.CreatedBy, s.Before.SubmissionId);
            if (before is not null)
            {
                before.ETag = s.Before!.ETag;
            }

            var after = AiSystemRepository.ToRow(tenant, s.After, s.OwnerName, s.Before?.CreatedBy ?? "import", s.Before?.SubmissionId);
            return new ImportWrite(after, before);
        });
        foreach (var chunk in systemWrites.Chunk(TypedTable<AiSystemRow>.MaxBatchSize))
        {
            batches.Add(new ImportBatch(AiSystemRepository.TableName, chunk[0].After.PartitionKey, chunk));
        }

        var controlWrites = plan.Controls.Select(c =>
        {
            var before = c.Before is null ? null : ControlInstanceRepository.ToRow(tenant, c.Before.Instance, c.Before.OwnerName, c.Before.DecidedByName);
            if (before is not null)
            {
                before.ETag = c.Before!.ETag;
            }

            return new ImportWrite(ControlInstanceRepository.ToRow(tenant, c.After, c.OwnerName, ControlInstanceRepository.DeciderName(c.Before, c.After, importerName)), before);
        });
        foreach (var partition in controlWrites.GroupBy(w => w.After.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(TypedTable<ControlInstanceRow>.MaxBatchSize))
            {
                batches.Add(new ImportBatch(ControlInstanceRepository.TableName, partition.Key, chunk));
            }
        }

        return batches;
    }

    /// <summary>Puts back the batches written, newest first. False when a batch could not be put back.</summary>
    private async Task<bool> UndoAsync(string importId, List<ImportBatch> written)
    {
        var complete = true;
        for (var i = written.Count - 1; i >= 0; i--)
        {
            try
            {
                // Not the request's token: an undo must finish even when the person has gone.
                await _writer.UndoAsync(written[i], CancellationToken.None);
            }
            catch (Exception ex) when (IsWriteFailure(ex))
            {
                complete = false;
                LogUndoFailed(_logger, importId, written[i].Table, written[i].PartitionKey, ex);
            }
        }

        return complete;
    }

    private static JsonObject Summary(ImportRequest request, ImportPlan plan, ImportCounts counts)
    {
        var ids = plan.Systems.Select(s => Domain.Ledger.LedgerEntityKinds.AiSystem.IdOf(s.After))
            .Concat(plan.Controls.Where(c => !c.DefaultOfNewSystem).Select(c => Domain.Ledger.LedgerEntityKinds.ControlInstance.IdOf(c.After.Ref)))
            .ToList();
        return new JsonObject
        {
            ["file"] = request.FileName.Length > 200 ? request.FileName[..200] : request.FileName,
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(request.Content)),
            ["rows"] = plan.Rows,
            ["systemsAdded"] = counts.SystemsAdded,
            ["systemsUpdated"] = counts.SystemsUpdated,
            ["controlsAdded"] = counts.ControlsAdded,
            ["controlsUpdated"] = counts.ControlsUpdated,
            ["entities"] = new JsonArray(ids.Take(LedgerEntityIds).Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
            ["entitiesNotListed"] = Math.Max(0, ids.Count - LedgerEntityIds),
        };
    }

    /// <summary>One ledger event per changed system and control, appended together; returns 0, or how many were to be recorded when that failed.</summary>
    private async Task<int> RecordChangesAsync(Commands.Caller caller, ImportPlan plan, string? source, CancellationToken cancellationToken)
    {
        var records = new List<Domain.Ledger.LedgerRecord>(plan.Systems.Count + plan.Controls.Count);
        var defaults = plan.Controls.Where(c => c.DefaultOfNewSystem).ToLookup(c => c.After.Scope.Key, c => c.After.ControlId.Value);
        foreach (var system in plan.Systems)
        {
            var after = new StoredAiSystem(system.After, system.OwnerName, system.Before?.CreatedBy ?? caller.UserKey, system.Before?.SubmissionId, default);
            records.Add(system.Before is null
                ? Domain.Ledger.LedgerEvents.SystemAdded.About(system.After, null, RegisterLedgerRecords.Json(after, defaults[system.After.Id].ToList()))
                : Domain.Ledger.LedgerEvents.SystemUpdated.About(system.After, RegisterLedgerRecords.Json(system.Before, []), RegisterLedgerRecords.Json(after, [])));
        }

        foreach (var control in plan.Controls.Where(c => !c.DefaultOfNewSystem))
        {
            records.Add(Domain.Ledger.LedgerEvents.ControlUpdated.About(
                control.After.Ref,
                RegisterLedgerRecords.Json(control.Before),
                RegisterLedgerRecords.Json(new StoredControl(control.After, control.OwnerName, default, ControlInstanceRepository.DeciderName(control.Before, control.After, caller.Name)))));
        }

        try
        {
            await _ledger.RecordAllAsync(caller, records, source, cancellationToken);
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The register.import event already lists every changed entity; whole transactions of the rest may be missing.
            LogLedgerEventFailed(_logger, ex);
            return records.Count;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import {ImportId}: writing failed after {Written} of {Batches} batches; putting them back")]
    private static partial void LogWriteFailed(ILogger logger, string importId, int written, int batches, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import {ImportId}: could not put back {Table} partition {Partition}; it may hold part of the import")]
    private static partial void LogUndoFailed(ILogger logger, string importId, string table, string partition, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "An import's per-change ledger events could not all be recorded (the import's summary event lists every entity)")]
    private static partial void LogLedgerEventFailed(ILogger logger, Exception exception);
}
