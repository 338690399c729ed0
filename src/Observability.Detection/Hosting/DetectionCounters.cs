namespace Observability.Detection.Hosting;

/// <summary>Documents seen, anomalies found, bad messages skipped, detector failures, alert changes published.</summary>
public sealed class DetectionCounters
{
    private long _documents;
    private long _anomalies;
    private long _invalid;
    private long _published;
    private long _failed;

    public long Documents => Interlocked.Read(ref _documents);

    public long Anomalies => Interlocked.Read(ref _anomalies);

    public long Invalid => Interlocked.Read(ref _invalid);

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Documents the detector threw on (a bug; the document itself is stored anyway).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    internal void AddDocuments(long n) => Interlocked.Add(ref _documents, n);

    internal void AddAnomalies(long n) => Interlocked.Add(ref _anomalies, n);

    internal void AddInvalid() => Interlocked.Increment(ref _invalid);

    internal void AddPublished(long n) => Interlocked.Add(ref _published, n);

    internal long AddFailed() => Interlocked.Increment(ref _failed);
}
