using System.Diagnostics.CodeAnalysis;

namespace Observability.Agent.Files;

/// <summary>
/// Files tailed with a dataset of their own (as a Filebeat input with its own <c>data_stream.dataset</c>): the
/// indexer's pipelines select on <c>event.dataset</c>, so <c>/var/log/kern.log</c> must arrive as <c>kernel</c>
/// and the training workers' logs as <c>training</c>. Config: <c>agent.files.datasets: [{glob: …, dataset: …}]</c>;
/// command line: <c>--logs DATASET=GLOB</c>.
/// </summary>
public sealed class FileDataset
{
    private static readonly System.Buffers.SearchValues<char> NameChars = System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789_.");

    public string Glob { get; set; } = string.Empty;

    public string Dataset { get; set; } = string.Empty;

    /// <summary>
    /// Reads a <c>--logs</c> argument: <c>DATASET=GLOB</c> when the text before the first '=' is a dataset name
    /// (lower-case letters, digits, '_' and '.'), otherwise a plain glob (a path with '=' in it stays a glob; write
    /// <c>./a=b.log</c> for a relative one).
    /// </summary>
    public static bool TryParseArgument(string argument, [NotNullWhen(true)] out FileDataset? dataset)
    {
        var eq = argument.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0 && eq < argument.Length - 1 && argument.AsSpan(0, eq).IndexOfAnyExcept(NameChars) < 0)
        {
            dataset = new FileDataset { Dataset = argument[..eq], Glob = argument[(eq + 1)..] };
            return true;
        }

        dataset = null;
        return false;
    }
}
