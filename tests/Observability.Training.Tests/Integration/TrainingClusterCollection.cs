namespace Observability.Training.Tests.Integration;

/// <summary>Tests that start rank processes run one at a time (2 shared cores; each rank is a TorchSharp process).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TrainingClusterCollection
{
    public const string Name = "training cluster";
}
