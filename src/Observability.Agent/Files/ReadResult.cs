namespace Observability.Agent.Files;

/// <summary>How a <see cref="FileTailer.Read"/> pass ended.</summary>
internal enum ReadResult
{
    Data,
    EndOfFile,
    Truncated,
    Error,
}
