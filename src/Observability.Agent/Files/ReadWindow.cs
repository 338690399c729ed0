namespace Observability.Agent.Files;

/// <summary>
/// One read buffer that remembers which file bytes it holds, so a tailer that stopped mid-buffer (the batch was
/// full) continues from memory instead of reading the same bytes again.
/// </summary>
internal sealed class ReadWindow
{
    public ReadWindow(int size) => Data = new byte[size];

    public byte[] Data { get; private set; }

    public FileTailer? Owner { get; set; }

    /// <summary>File offset of <c>Data[0]</c>.</summary>
    public long FileOffset { get; set; }

    public int Length { get; set; }

    public void Grow(int size)
    {
        var bigger = new byte[size];
        Data.AsSpan(0, Length).CopyTo(bigger);
        Data = bigger;
    }

    public void Invalidate()
    {
        Owner = null;
        Length = 0;
    }
}
