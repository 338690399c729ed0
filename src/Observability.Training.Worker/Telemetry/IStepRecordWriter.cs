namespace Observability.Training.Worker.Telemetry;

/// <summary>Where the shipper thread sends step records: turned into metrics, spans and documents, off the training thread.</summary>
internal interface IStepRecordWriter
{
    /// <summary>One batch, in step order. An exception is counted by the shipper, which carries on with the next batch.</summary>
    void Write(ReadOnlySpan<StepRecord> batch);

    /// <summary>Step records the ring dropped since the last call (to be made visible, e.g. as a counter).</summary>
    void ReportDropped(long records);
}
