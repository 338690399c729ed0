using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observability.Core.Transport;

namespace Observability.Transport.Kafka;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Kafka transport as the host's <see cref="IMessageTransport"/> (<see cref="KafkaMessageTransport"/>,
    /// logging through the host's loggers; the container closes its clients when it is disposed), with
    /// <see cref="KafkaOptions"/> validated at start-up, naming the bad key. Bind configuration with
    /// <c>services.AddOptions&lt;KafkaOptions&gt;().BindConfiguration("Kafka")</c> or pass <paramref name="configure"/>.
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
        services.TryAddSingleton<IMessageTransport>(provider =>
        {
            var transport = new KafkaMessageTransport(provider.GetRequiredService<IOptions<KafkaOptions>>().Value);
            transport.UseLoggers(provider.GetRequiredService<ILoggerFactory>());
            return transport;
        });
        return services;
    }
}
