using System.Runtime.CompilerServices;

// The offset bookkeeping is unit-tested directly (ordering cases are hard to provoke through a broker).
[assembly: InternalsVisibleTo("Observability.Transport.Tests")]

// The mock-cluster fixture binds to the same librdkafka file as the batch producer (Kafka/Native/Librdkafka.FindLoadedPath).
[assembly: InternalsVisibleTo("Observability.Testing")]
