using System.Runtime.InteropServices;

namespace Observability.Agent.Native;

/// <summary>
/// Linux <c>struct statx</c> (include/uapi/linux/stat.h). Its layout is the same on every architecture,
/// unlike <c>struct stat</c>, which is why the agent asks the kernel through <c>statx(2)</c>.
/// Size 256 bytes; offsets are checked by a test.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 256)]
public struct StatX
{
    public uint Mask;
    public uint BlockSize;
    public ulong Attributes;
    public uint Links;
    public uint Uid;
    public uint Gid;
    public ushort Mode;
    public ushort Spare0;
    public ulong Inode;
    public ulong Size;
    public ulong Blocks;
    public ulong AttributesMask;
    public StatXTimestamp AccessTime;
    public StatXTimestamp BirthTime;
    public StatXTimestamp ChangeTime;
    public StatXTimestamp ModifyTime;
    public uint RdevMajor;
    public uint RdevMinor;
    public uint DevMajor;
    public uint DevMinor;
}
