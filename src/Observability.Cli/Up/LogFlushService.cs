using Microsoft.Extensions.Hosting;
using Observability.Core.Logging;

namespace Observability.Cli.Up;

/// <summary>On stop, waits (briefly) until the host's own log events queued for the pipeline are acknowledged.</summary>
internal sealed class LogFlushService(TransportSink sink) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => sink.FlushAsync(TimeSpan.FromSeconds(3), cancellationToken);
}
