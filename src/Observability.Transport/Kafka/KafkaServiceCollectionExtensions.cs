using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observability.Core.Transport;

namespace Observability.Transport.Kafka;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Kafka transport: <see cref="KafkaOptions"/> (validated at start-up, naming the bad key),
    /// one shared <see cref="IMessageProducer"/> and a <see cref="KafkaConsumerFactory"/>.
    /// Bind configuration with <c>services.AddOptions&lt;KafkaOptions&gt;().BindConfiguration("Kafka")</c> or pass <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddKafkaTransport(this IServiceCollection services, Action<KafkaOptions>? configure = null)
    {
        var options = services.AddOptions<KafkaOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KafkaMessageProducer>(provider => new KafkaMessageProducer(
            provider.GetRequiredService<IOptions<KafkaOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<KafkaMessageProducer>()));
        services.TryAddSingleton<IMessageProducer>(provider => provider.GetRequiredService<KafkaMessageProducer>());
        services.TryAddSingleton<KafkaConsumerFactory>();
        return services;
    }
}
