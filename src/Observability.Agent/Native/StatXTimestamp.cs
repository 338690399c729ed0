using System.Runtime.InteropServices;

namespace Observability.Agent.Native;

/// <summary>Linux <c>struct statx_timestamp</c>: 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct StatXTimestamp
{
    public long Seconds;
    public uint Nanoseconds;
    public int Reserved;

    public readonly DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.FromUnixTimeSeconds(Seconds).AddTicks(Nanoseconds / 100);
}
