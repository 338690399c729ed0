using Observability.Core.Retry;

namespace Observability.Core.Tests.Retry;

public sealed class ExponentialBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(4, 800)]
    [InlineData(0, 100)] // less than 1 counts as the first retry
    public void Spread_stays_within_twenty_percent_of_the_doubling_step(int retry, double stepMs)
    {
        var backoff = new ExponentialBackoff(Initial, Max, BackoffJitter.Spread, new Random(7));
        var delays = Enumerable.Range(0, 2000).Select(_ => backoff.Delay(retry).TotalMilliseconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, stepMs * 0.8, stepMs * 1.2));
        Assert.True(delays.Max() - delays.Min() > stepMs * 0.3, "the delays are not spread");
    }

    [Fact]
    public void Equal_jitter_waits_between_half_and_all_of_the_step()
    {
        var backoff = new ExponentialBackoff(Initial, Max, BackoffJitter.Equal, new Random(7));
        var delays = Enumerable.Range(0, 2000).Select(_ => backoff.Delay(3).TotalMilliseconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 200, 400));
        Assert.True(delays.Min() < 220 && delays.Max() > 380, $"{delays.Min()}..{delays.Max()} does not cover the range");
    }

    [Theory]
    [InlineData(BackoffJitter.Spread)]
    [InlineData(BackoffJitter.Equal)]
    public void No_delay_exceeds_the_cap_however_many_retries(BackoffJitter jitter)
    {
        var backoff = new ExponentialBackoff(Initial, Max, jitter, new Random(3));

        Assert.All(Enumerable.Range(1, 200), n => Assert.InRange(backoff.Delay(n), TimeSpan.Zero, Max));
        Assert.True(backoff.Delay(1000) >= Max / 2, "far retries wait about the cap");
    }

    [Fact]
    public void Retry_after_wins_and_is_capped()
    {
        var backoff = new ExponentialBackoff(Initial, Max);

        Assert.Equal(TimeSpan.FromSeconds(3), backoff.Delay(1, TimeSpan.FromSeconds(3)));
        Assert.Equal(Max, backoff.Delay(1, TimeSpan.FromMinutes(5)));
        Assert.Equal(TimeSpan.Zero, backoff.Delay(1, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void A_cap_below_the_first_step_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
    }
}
