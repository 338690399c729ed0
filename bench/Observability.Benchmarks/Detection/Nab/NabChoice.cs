namespace Observability.Benchmarks.Detection.Nab;

/// <summary>A model with one threshold and cool-down: what a fold's training categories select.</summary>
public sealed record NabChoice(NabModel Model, double Threshold, int Cooldown)
{
    public override string ToString() => FormattableString.Invariant($"{Model.Name} threshold={Threshold:G6} cooldown={Cooldown}");
}
