namespace Observability.Detection.Hosting;

/// <summary>Documents seen, anomalies found, bad messages skipped, alert changes published.</summary>
public sealed class DetectionCounters
{
    private long _documents;
    private long _anomalies;
    private long _invalid;
    private long _published;

    public long Documents => Interlocked.Read(ref _documents);

    public long Anomalies => Interlocked.Read(ref _anomalies);

    public long Invalid => Interlocked.Read(ref _invalid);

    public long Published => Interlocked.Read(ref _published);

    internal void AddDocuments(long n) => Interlocked.Add(ref _documents, n);

    internal void AddAnomalies(long n) => Interlocked.Add(ref _anomalies, n);

    internal void AddInvalid() => Interlocked.Increment(ref _invalid);

    internal void AddPublished(long n) => Interlocked.Add(ref _published, n);
}
