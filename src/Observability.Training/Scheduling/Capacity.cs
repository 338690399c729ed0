namespace Observability.Training.Scheduling;

/// <summary>Free (or total) rank slots and GPUs of a worker.</summary>
public readonly record struct Capacity(int Slots, int Gpus);
