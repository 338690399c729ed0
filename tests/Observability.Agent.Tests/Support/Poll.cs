namespace Observability.Agent.Tests.Support;

/// <summary>Waits for a condition by polling with a generous timeout (never a fixed sleep).</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met in time: {what}");
            }

            await Task.Delay(20);
        }
    }
}
