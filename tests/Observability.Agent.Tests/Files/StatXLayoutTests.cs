using Observability.Testing;
using System.Runtime.InteropServices;
using Observability.Agent.Native;
using Observability.Agent.Tests.Support;

namespace Observability.Agent.Tests.Files;

public sealed class StatXLayoutTests
{
    [Fact]
    public void Struct_statx_has_the_kernel_layout()
    {
        Assert.Equal(256, Marshal.SizeOf<StatX>());
        Assert.Equal(16, Marshal.SizeOf<StatXTimestamp>());
        Assert.Equal(28, (int)Marshal.OffsetOf<StatX>(nameof(StatX.Mode)));
        Assert.Equal(32, (int)Marshal.OffsetOf<StatX>(nameof(StatX.Inode)));
        Assert.Equal(40, (int)Marshal.OffsetOf<StatX>(nameof(StatX.Size)));
        Assert.Equal(112, (int)Marshal.OffsetOf<StatX>(nameof(StatX.ModifyTime)));
        Assert.Equal(136, (int)Marshal.OffsetOf<StatX>(nameof(StatX.DevMajor)));
        Assert.Equal(140, (int)Marshal.OffsetOf<StatX>(nameof(StatX.DevMinor)));
    }

    [Fact]
    public void Statx_reports_the_same_size_and_inode_as_the_file_system()
    {
        using var dir = TemporaryDirectory.Create("agent");
        File.WriteAllText(dir.File("f"), "12345");
        var st = FileStatus.Of(dir.File("f"))!.Value;
        Assert.Equal(FileKind.Regular, st.Kind);
        Assert.Equal(5, st.Size);
        var ls = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%i", dir.File("f")]) { RedirectStandardOutput = true })!;
        Assert.Equal(ls.StandardOutput.ReadToEnd().Trim(), st.Inode.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(FileKind.Directory, FileStatus.Of(dir.Path)!.Value.Kind);
        Assert.Null(FileStatus.Of(dir.File("missing")));
    }
}
