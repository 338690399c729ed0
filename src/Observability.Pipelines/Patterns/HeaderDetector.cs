namespace Observability.Pipelines.Patterns;

/// <summary>
/// The header detector of one source (a file, a dataset) for online use: the first <see cref="SampleSize"/>
/// lines get the per-line rule (a leading timestamp and what directly follows it) and are kept (their first
/// <see cref="KeptChars"/> characters) to learn the <see cref="HeaderLayout"/> that every later line gets.
/// Not thread-safe: callers serialise.
/// </summary>
public sealed class HeaderDetector(int sampleSize = HeaderDetector.SampleSize)
{
    public const int SampleSize = 200;

    /// <summary>A header lies in a line's first characters; keeping no more bounds the sample's memory.</summary>
    private const int KeptChars = 400;

    private List<string>? _sample = new(Math.Max(1, sampleSize));

    public HeaderLayout Layout { get; private set; } = HeaderLayout.None;

    public bool Learned => _sample is null;

    /// <summary>The message part of <paramref name="line"/>, learning from it while still sampling.</summary>
    public string Message(string line)
    {
        if (_sample is not null)
        {
            _sample.Add(line.Length > KeptChars ? line[..KeptChars] : line);
            if (_sample.Count >= sampleSize)
            {
                Layout = HeaderLayout.Learn(_sample);
                _sample = null;
            }
        }

        return Layout.Message(line);
    }
}
