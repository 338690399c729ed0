using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Detection.Engine;

namespace Observability.Detection.Hosting;

/// <summary>Runs an <see cref="Alerter"/> step every evaluation interval; a failing step is logged and retried next tick.</summary>
public sealed class AlerterService : BackgroundService
{
    private readonly Alerter _alerter;
    private readonly DetectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AlerterService> _logger;

    public AlerterService(Alerter alerter, DetectionOptions options, TimeProvider time, ILogger<AlerterService> logger)
    {
        _alerter = alerter;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.EvaluationInterval, _time);
        do
        {
            try
            {
                await _alerter.StepAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                _logger.LogError(e, "Alert evaluation step failed; retrying in {Interval}", _options.EvaluationInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
