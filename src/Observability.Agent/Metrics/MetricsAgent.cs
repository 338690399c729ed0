using Microsoft.Extensions.Logging;
using Observability.Agent.Metrics.Gpu;
using Observability.Agent.Metrics.Node;
using Observability.Core.Json;
using Observability.Core.Transport;

namespace Observability.Agent.Metrics;

/// <summary>
/// Samples node, GPU and the agent's own metrics every <see cref="MetricsOptions.Interval"/> and produces them as ECS
/// metric documents to <c>obs.metrics</c> (key <c>host.name</c>). A source that fails is logged and skipped; a sample
/// the transport refuses is counted as dropped (the next sample follows).
/// </summary>
public sealed class MetricsAgent : IAsyncDisposable
{
    private readonly MetricsOptions _options;
    private readonly IMessageProducer _producer;
    private readonly TimeProvider _time;
    private readonly ILogger<MetricsAgent> _logger;
    private readonly List<IMetricSource> _sources;
    private readonly IGpuReader? _gpu;
    private long _samples;
    private long _documents;
    private long _dropped;

    public MetricsAgent(MetricsOptions options, IMessageProducer producer, TimeProvider time, ILogger<MetricsAgent> logger, IEnumerable<IMetricSource>? extraSources = null)
    {
        options.Validate();
        _options = options;
        _producer = producer;
        _time = time;
        _logger = logger;
        _sources = [.. NodeSources(options.Paths())];
        _gpu = options.SimulateGpus > 0 ? new SimulatedGpuReader(options.SimulateGpus, time)
            : options.Gpu ? (IGpuReader?)NvmlGpuReader.TryCreate() ?? NvidiaSmiGpuReader.TryCreate(options.NvidiaSmiPath) : null;
        if (_gpu is null && options.SimulateGpusWhenNone > 0)
        {
            _gpu = new SimulatedGpuReader(options.SimulateGpusWhenNone, time);
        }

        if (_gpu is not null)
        {
            _sources.Add(new GpuMetrics(_gpu));
        }

        _sources.AddRange(extraSources ?? []);
        _logger.LogInformation("Metrics every {Interval}: {Sources}; node metrics from {ProcRoot}; GPUs from {GpuSource}", options.Interval,
            string.Join(", ", _sources.Select(s => s.Dataset)), options.Paths().ProcRoot, _gpu?.Source ?? "none (no driver found)");
        if (_gpu is NvmlGpuReader nvml && nvml.XidEventGpus < nvml.GpuCount)
        {
            _logger.LogWarning("NVML accepted XID event registration on {Registered} of {Gpus} GPUs: XIDs of the others reach the store only through the kernel log (ship it as dataset kernel)",
                nvml.XidEventGpus, nvml.GpuCount);
        }
    }

    public static IEnumerable<IMetricSource> NodeSources(string procRoot) => NodeSources(NodePaths.Local(procRoot));

    public static IEnumerable<IMetricSource> NodeSources(NodePaths paths) =>
    [
        new CpuMetrics(paths.ProcRoot), new MemoryMetrics(paths.ProcRoot), new LoadMetrics(paths.ProcRoot), new DiskIoMetrics(paths.ProcRoot),
        new FilesystemMetrics(paths), new NetworkMetrics(paths), new PressureMetrics(paths.ProcRoot),
    ];

    public string? GpuSource => _gpu?.Source;

    public long Samples => Interlocked.Read(ref _samples);

    public long Documents => Interlocked.Read(ref _documents);

    public long Dropped => Interlocked.Read(ref _dropped);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.Interval, _time);
        try
        {
            do
            {
                await SampleOnceAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Collects every source once and produces the documents; returns how many were produced.</summary>
    public async Task<int> SampleOnceAsync(CancellationToken cancellationToken)
    {
        var factory = new MetricDocumentFactory(_options.HostName, _options.Namespace) { Timestamp = _time.GetUtcNow() };
        var messages = new List<TransportMessage>();
        foreach (var source in _sources)
        {
            try
            {
                foreach (var doc in source.Collect(factory))
                {
                    messages.Add(new TransportMessage(_options.Topic, _options.HostName, EcsJson.ToUtf8(doc)));
                }
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Metric set {Dataset} failed this sample", source.Dataset);
            }
        }

        try
        {
            await _producer.ProduceAsync(messages, cancellationToken);
            Interlocked.Increment(ref _samples);
            Interlocked.Add(ref _documents, messages.Count);
        }
        catch (TransportException ex)
        {
            Interlocked.Add(ref _dropped, messages.Count);
            _logger.LogWarning("Dropped a metrics sample of {Count} documents: {Error}", messages.Count, ex.Message);
        }

        return messages.Count;
    }

    public ValueTask DisposeAsync()
    {
        _gpu?.Dispose();
        foreach (var source in _sources.OfType<IDisposable>())
        {
            source.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
