using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Core.Transport;
using Observability.Training.Protocol;
using Observability.Training.Telemetry;

namespace Observability.Training.Client;

/// <summary>
/// Forwards <see cref="JobInbox"/> files to <c>train.jobs</c> (and submit spans to the telemetry sink); a file is
/// deleted only after the transport accepted it. A malformed file is moved to <c>inbox/rejected</c> with its reason.
/// </summary>
public sealed class JobInboxRelay(string dataDirectory, IMessageProducer producer, ITelemetrySink? telemetry, TimeProvider time, ILogger<JobInboxRelay> logger)
    : BackgroundService
{
    public const int MaxFileBytes = 256 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var dir = JobInbox.Directory(dataDirectory);
        Directory.CreateDirectory(dir);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RelayOnceAsync(dir, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning("Job inbox relay failed: {Error}", e.Message);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async Task RelayOnceAsync(string dir, CancellationToken ct)
    {
        foreach (var path in Directory.GetFiles(dir, "*.span.json").Order(StringComparer.Ordinal))
        {
            if (telemetry is not null && new FileInfo(path).Length <= MaxFileBytes)
            {
                var bytes = await File.ReadAllBytesAsync(path, ct);
                await telemetry.WriteAsync(Topics.Traces, Path.GetFileName(path), bytes, ct);
            }

            File.Delete(path);
        }

        foreach (var path in Directory.GetFiles(dir, "*.msg.json").Order(StringComparer.Ordinal))
        {
            TrainMessage m;
            try
            {
                if (new FileInfo(path).Length > MaxFileBytes)
                {
                    throw new InvalidDataException($"larger than {MaxFileBytes} bytes");
                }

                m = TrainJson.Deserialize<TrainMessage>(await File.ReadAllBytesAsync(path, ct));
                if (m.Type is not (TrainMessageTypes.Submit or TrainMessageTypes.Cancel) || m.JobId is null)
                {
                    throw new InvalidDataException("not a submit or cancel message");
                }
            }
            catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
            {
                Reject(dir, path, e.Message);
                continue;
            }

            await producer.ProduceAsync([TrainJson.ToTransport(Topics.TrainJobs, m.JobId, m)], ct);
            File.Delete(path);
        }
    }

    private void Reject(string dir, string path, string reason)
    {
        var rejected = Path.Combine(dir, "rejected");
        Directory.CreateDirectory(rejected);
        var target = Path.Combine(rejected, Path.GetFileName(path));
        File.Move(path, target, overwrite: true);
        File.WriteAllText(target + ".reason", reason);
        logger.LogWarning("Rejected job inbox file {Path}: {Reason}", path, reason);
    }
}
