using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AimsBot.Storage;

/// <summary>
/// Creates the bot's tables at start-up. When storage is unreachable the host still starts (so /healthz can
/// say why) and creation is retried in the background until it succeeds.
/// </summary>
public sealed class TableInitializer : BackgroundService
{
    private readonly TableStore _store;
    private readonly ILogger<TableInitializer> _logger;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TableInitializer(TableStore store, ILogger<TableInitializer> logger, TimeProvider time)
    {
        _store = store;
        _logger = logger;
        _time = time;
    }

    /// <summary>Completes once every registered table exists.</summary>
    public Task Ready => _ready.Task;

    public string? LastError { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _store.EnsureTablesAsync(stoppingToken);
                LastError = null;
                _ready.TrySetResult();
                _logger.LogInformation("Table Storage ready: {Count} tables", _store.RegisteredTables.Count);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LastError = ex.Message;
                _logger.LogWarning("Could not create tables yet ({Reason}); retrying in {Delay}", ex.Message, delay);
            }

            await Task.Delay(delay, _time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
        }
    }
}
