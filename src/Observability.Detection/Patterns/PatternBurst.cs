namespace Observability.Detection.Patterns;

/// <summary>
/// One pattern on one host/job: the times of its events within the last interval (a sliding window), an example
/// line from the current burst, and until when it stays quiet after firing.
/// </summary>
internal sealed class PatternBurst
{
    /// <summary>Event times kept per counter: far more than any threshold needs, and a bound on a flood.</summary>
    public const int MaxTimes = 4096;

    private readonly Queue<DateTimeOffset> _times = new();

    public string Example { get; private set; } = string.Empty;

    public DateTimeOffset QuietUntil { get; set; } = DateTimeOffset.MinValue;

    public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.MinValue;

    public int Count => _times.Count;

    /// <summary>Counts an event and returns the events within <paramref name="interval"/> up to it.</summary>
    public int Add(DateTimeOffset at, TimeSpan interval, string message, int maxExample)
    {
        Trim(at - interval);
        if (_times.Count == 0)
        {
            // The first line of a burst is the example: the one that starts the story.
            Example = message.Length > maxExample ? string.Concat(message.AsSpan(0, maxExample), "…") : message;
        }

        if (_times.Count < MaxTimes)
        {
            _times.Enqueue(at);
        }

        LastSeen = at > LastSeen ? at : LastSeen;
        return _times.Count;
    }

    public void Trim(DateTimeOffset after)
    {
        while (_times.Count > 0 && _times.Peek() <= after)
        {
            _times.Dequeue();
        }
    }
}
