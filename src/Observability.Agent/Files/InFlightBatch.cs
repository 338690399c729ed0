namespace Observability.Agent.Files;

/// <summary>A batch handed to the producer and the task that completes when it is acknowledged.</summary>
internal sealed class InFlightBatch(EventBatch batch, Task send)
{
    public EventBatch Batch { get; } = batch;

    public Task Send { get; set; } = send;

    public int Attempts { get; set; } = 1;
}
