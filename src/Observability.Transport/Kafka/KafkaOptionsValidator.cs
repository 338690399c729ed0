using Microsoft.Extensions.Options;

namespace Observability.Transport.Kafka;

/// <summary>Reports every bad <see cref="KafkaOptions"/> key through the options pipeline (fails <c>ValidateOnStart</c>).</summary>
internal sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var errors = options.GetErrors();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
