namespace Observability.Benchmarks.Detection.Incidents;

/// <summary>One injected fault: what, where (node, GPU = rank on that node), and when (in simulation steps).</summary>
public sealed record Incident(IncidentKind Kind, int Node, int Gpu, int StartStep, int Steps)
{
    public int EndStep => StartStep + Steps;

    public bool Covers(int node, int step) => node == Node && step >= StartStep && step < EndStep;

    public bool Covers(int node, int gpu, int step) => Covers(node, step) && gpu == Gpu;
}
