using Microsoft.Extensions.Options;

namespace Observability.Transport.Kafka;

/// <summary>
/// Runs <see cref="KafkaOptions.Validate"/> in the options pipeline, so <c>ValidateOnStart</c> fails start-up with the
/// same <see cref="Core.Options.ObsConfigException"/> naming the key as <c>obs up</c> and <c>obs agent</c> do.
/// </summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        options.Validate();
        return ValidateOptionsResult.Success;
    }
}
