using Observability.Training.Worker.Distributed;

namespace Observability.Training.Tests.Distributed;

public sealed class RingAllReduceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "obs-ring-" + Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(2, 10)]
    [InlineData(3, 7)]   // fewer elements per chunk than ranks in some chunks
    [InlineData(4, 1001)]
    [InlineData(3, 2)]   // fewer elements than ranks: empty chunks
    public async Task EveryRankEndsWithTheElementwiseSum(int world, int length)
    {
        var rings = await Task.WhenAll(Enumerable.Range(0, world).Select(r =>
            RingAllReduce.ConnectAsync(_dir, "127.0.0.1", r, world, "job/1", TimeSpan.FromSeconds(20), CancellationToken.None)));
        try
        {
            var buffers = Enumerable.Range(0, world).Select(r => Enumerable.Range(0, length).Select(i => (float)((r + 1) * 1000 + i)).ToArray()).ToArray();
            await Task.WhenAll(Enumerable.Range(0, world).Select(r => Task.Run(() => rings[r].SumInPlace(buffers[r]))));
            var expected = Enumerable.Range(0, length).Select(i => (float)Enumerable.Range(0, world).Sum(r => ((r + 1) * 1000) + i)).ToArray();
            Assert.All(buffers, b => Assert.Equal(expected, b));
        }
        finally
        {
            foreach (var r in rings)
            {
                r.Dispose();
            }
        }
    }

    [Fact]
    public async Task ADeadPeerFailsTheCollectiveInsteadOfHangingIt()
    {
        var rings = await Task.WhenAll(Enumerable.Range(0, 2).Select(r =>
            RingAllReduce.ConnectAsync(_dir, "127.0.0.1", r, 2, "job/2", TimeSpan.FromSeconds(20), CancellationToken.None)));
        rings[1].Dispose();
        Assert.ThrowsAny<IOException>(() => rings[0].SumInPlace(new float[1000]));
        rings[0].Dispose();
    }

    [Fact]
    public async Task RendezvousTimesOutWhenAPeerNeverComes()
    {
        var e = await Assert.ThrowsAsync<TimeoutException>(() =>
            RingAllReduce.ConnectAsync(_dir, "127.0.0.1", 0, 2, "job/3", TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.Contains("did not meet", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
