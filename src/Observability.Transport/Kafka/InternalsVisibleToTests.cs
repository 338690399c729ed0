using System.Runtime.CompilerServices;

// The offset bookkeeping is unit-tested directly (ordering cases are hard to provoke through a broker).
[assembly: InternalsVisibleTo("Observability.Transport.Tests")]
