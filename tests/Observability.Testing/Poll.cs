namespace Observability.Testing;

/// <summary>Waits for a condition by polling (no fixed sleeps): tests stay correct on a slow, shared machine.</summary>
public static class Poll
{
    /// <summary>How long a poll waits when the caller names no time-out.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task UntilAsync(Func<bool> condition, TimeSpan? within = null, string? because = null)
    {
        var timeout = within ?? DefaultTimeout;
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"condition not met within {timeout}{(because is null ? string.Empty : ": " + because)}");
            }

            await Task.Delay(10);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? within = null, string? because = null)
    {
        var timeout = within ?? DefaultTimeout;
        var deadline = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!await condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"condition not met within {timeout}{(because is null ? string.Empty : ": " + because)}");
            }

            await Task.Delay(20);
        }
    }
}
