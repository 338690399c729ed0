using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Observability.Testing.Kafka;

/// <summary>
/// The <c>rd_kafka_mock_*</c> functions, bound to the very librdkafka file Confluent.Kafka loaded (on
/// Debian 12 its <c>runtimes/linux-x64/native/centos8-librdkafka.so</c>): a second copy of the library
/// would not know the first one's handles. The loaded file is found in <c>/proc/self/maps</c>.
/// </summary>
internal sealed class MockClusterNative
{
    private static readonly Lazy<MockClusterNative> Instance = new(Load);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr HandleMockClusterFn(IntPtr rk);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr BootstrapsFn(IntPtr mcluster);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int TopicCreateFn(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int BrokerFn(IntPtr mcluster, int brokerId);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int BrokerRttFn(IntPtr mcluster, int brokerId, int rttMs);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void PushRequestErrorsArrayFn(IntPtr mcluster, short apiKey, nuint count, int[] errors);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void ClearRequestErrorsFn(IntPtr mcluster, short apiKey);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void SetIntFn(IntPtr mcluster, int value);

    /// <summary><c>rd_kafka_test_fatal_error(rk, err, reason)</c>: raises a fatal error on a client, as a real one would.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int TestFatalErrorFn(IntPtr rk, int error, [MarshalAs(UnmanagedType.LPUTF8Str)] string reason);

    private MockClusterNative(IntPtr library, string path)
    {
        LibraryPath = path;
        HandleMockCluster = Export<HandleMockClusterFn>(library, "rd_kafka_handle_mock_cluster");
        var bootstraps = Export<BootstrapsFn>(library, "rd_kafka_mock_cluster_bootstraps");
        Bootstraps = cluster => Marshal.PtrToStringUTF8(bootstraps(cluster)) ?? throw new InvalidOperationException("no bootstrap servers");
        TopicCreate = Export<TopicCreateFn>(library, "rd_kafka_mock_topic_create");
        BrokerSetDown = Export<BrokerFn>(library, "rd_kafka_mock_broker_set_down");
        BrokerSetUp = Export<BrokerFn>(library, "rd_kafka_mock_broker_set_up");
        BrokerSetRtt = Export<BrokerRttFn>(library, "rd_kafka_mock_broker_set_rtt");
        PushRequestErrorsArray = Export<PushRequestErrorsArrayFn>(library, "rd_kafka_mock_push_request_errors_array");
        ClearRequestErrors = Export<ClearRequestErrorsFn>(library, "rd_kafka_mock_clear_request_errors");
        GroupInitialRebalanceDelayMs = Export<SetIntFn>(library, "rd_kafka_mock_group_initial_rebalance_delay_ms");
        TestFatalError = Export<TestFatalErrorFn>(library, "rd_kafka_test_fatal_error");
    }

    /// <summary>The librdkafka file the functions are bound to.</summary>
    public string LibraryPath { get; }

    public HandleMockClusterFn HandleMockCluster { get; }

    public Func<IntPtr, string> Bootstraps { get; }

    public TopicCreateFn TopicCreate { get; }

    public BrokerFn BrokerSetDown { get; }

    public BrokerFn BrokerSetUp { get; }

    public BrokerRttFn BrokerSetRtt { get; }

    public PushRequestErrorsArrayFn PushRequestErrorsArray { get; }

    public ClearRequestErrorsFn ClearRequestErrors { get; }

    public SetIntFn GroupInitialRebalanceDelayMs { get; }

    public TestFatalErrorFn TestFatalError { get; }

    /// <summary>Binds once, after Confluent.Kafka loaded librdkafka (any client was built).</summary>
    public static MockClusterNative Bind() => Instance.Value;

    /// <summary>The <c>rd_kafka_t*</c> inside a Confluent client (internal <c>Handle.LibrdkafkaHandle</c>).</summary>
    public static IntPtr RdKafkaHandle(IClient client)
    {
        var handle = client.Handle;
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var value = handle.GetType().GetProperty("LibrdkafkaHandle", flags)?.GetValue(handle)
            ?? handle.GetType().GetField("LibrdkafkaHandle", flags)?.GetValue(handle);
        return value is SafeHandle safe
            ? safe.DangerousGetHandle()
            : throw new InvalidOperationException("Confluent.Kafka.Handle.LibrdkafkaHandle not found: the Confluent.Kafka internals changed");
    }

    private static MockClusterNative Load()
    {
        var path = Observability.Transport.Kafka.Native.Librdkafka.FindLoadedPath()
            ?? throw new InvalidOperationException("librdkafka is not loaded in this process (build a Confluent client first)");
        return new MockClusterNative(NativeLibrary.Load(path), path);
    }

    private static T Export<T>(IntPtr library, string name) where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
}
