using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Observability.Training.Worker.Distributed;

/// <summary>
/// Sums a float buffer across all ranks with a ring all-reduce over TCP: N−1 reduce-scatter steps then N−1
/// all-gather steps, each rank sending one 1/N chunk to its right neighbour while receiving one from its left, so every
/// rank moves 2(N−1)/N of the buffer whatever N is. Rendezvous: each rank listens on an ephemeral port and publishes
/// <c>host:port</c> in a file of the attempt's rendezvous directory (shared job storage), then connects to rank+1.
/// A dead peer surfaces as an <see cref="IOException"/>, which fails the rank (the scheduler retries the job).
/// </summary>
internal sealed class RingAllReduce : IDisposable
{
    private readonly int _rank;
    private readonly int _world;
    private readonly NetworkStream _right;
    private readonly NetworkStream _left;
    private readonly TcpClient _rightClient;
    private readonly TcpClient _leftClient;
    private byte[] _receive = [];

    private RingAllReduce(int rank, int world, TcpClient right, TcpClient left)
    {
        _rank = rank;
        _world = world;
        _rightClient = right;
        _leftClient = left;
        _right = right.GetStream();
        _left = left.GetStream();
    }

    public static async Task<RingAllReduce> ConnectAsync(string rendezvousDir, string host, int rank, int world, string token, TimeSpan timeout, CancellationToken ct)
    {
        Directory.CreateDirectory(rendezvousDir);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var listener = new TcpListener(IPAddress.Parse(host), 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var mine = Path.Combine(rendezvousDir, $"rank-{rank}.endpoint");
            await File.WriteAllTextAsync(mine + ".tmp", $"{host}:{port}", deadline.Token);
            File.Move(mine + ".tmp", mine, overwrite: true);

            var accept = AcceptAsync(listener, token, deadline.Token);
            var right = await ConnectRightAsync(Path.Combine(rendezvousDir, $"rank-{(rank + 1) % world}.endpoint"), token, rank, deadline.Token);
            var left = await accept;
            return new RingAllReduce(rank, world, right, left);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"rank {rank}: peers did not meet at {rendezvousDir} within {timeout}");
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<TcpClient> AcceptAsync(TcpListener listener, string token, CancellationToken ct)
    {
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync(ct);
            client.NoDelay = true;
            var stream = client.GetStream();
            var expected = Encoding.UTF8.GetBytes(token);
            var got = new byte[expected.Length];
            try
            {
                await stream.ReadExactlyAsync(got, ct);
                if (got.AsSpan().SequenceEqual(expected))
                {
                    return client;
                }
            }
            catch (EndOfStreamException)
            {
                // not a peer of this attempt
            }

            client.Dispose();
        }
    }

    private static async Task<TcpClient> ConnectRightAsync(string endpointFile, string token, int rank, CancellationToken ct)
    {
        while (true)
        {
            if (File.Exists(endpointFile))
            {
                var text = await File.ReadAllTextAsync(endpointFile, ct);
                var colon = text.LastIndexOf(':');
                var client = new TcpClient { NoDelay = true };
                try
                {
                    await client.ConnectAsync(text[..colon], int.Parse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), ct);
                    await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(token), ct);
                    return client;
                }
                catch (SocketException)
                {
                    client.Dispose(); // the peer is not listening yet (or an old endpoint): try again
                }
            }

            await Task.Delay(20, ct);
        }
    }

    /// <summary>In-place sum of <paramref name="buffer"/> over all ranks.</summary>
    public void SumInPlace(float[] buffer)
    {
        var n = buffer.Length;
        if (_receive.Length < ((n / _world) + 1) * sizeof(float))
        {
            _receive = new byte[((n / _world) + 1) * sizeof(float)];
        }

        // reduce-scatter: after step s, chunk (rank - s - 1) holds the sum of s + 2 ranks
        for (var s = 0; s < _world - 1; s++)
        {
            Exchange(buffer, Mod(_rank - s), Mod(_rank - s - 1), accumulate: true);
        }

        // all-gather: pass the fully reduced chunks around
        for (var s = 0; s < _world - 1; s++)
        {
            Exchange(buffer, Mod(_rank + 1 - s), Mod(_rank - s), accumulate: false);
        }
    }

    private void Exchange(float[] buffer, int sendChunk, int receiveChunk, bool accumulate)
    {
        var (sendStart, sendLength) = Chunk(buffer.Length, sendChunk);
        var (receiveStart, receiveLength) = Chunk(buffer.Length, receiveChunk);
        var send = MemoryMarshal.AsBytes(buffer.AsSpan(sendStart, sendLength)).ToArray();
        var sending = _right.WriteAsync(send).AsTask();
        var bytes = _receive.AsSpan(0, receiveLength * sizeof(float));
        _left.ReadExactly(bytes);
        var incoming = MemoryMarshal.Cast<byte, float>(bytes);
        var target = buffer.AsSpan(receiveStart, receiveLength);
        if (accumulate)
        {
            for (var i = 0; i < target.Length; i++)
            {
                target[i] += incoming[i];
            }
        }
        else
        {
            incoming.CopyTo(target);
        }

        sending.GetAwaiter().GetResult();
    }

    private int Mod(int i) => ((i % _world) + _world) % _world;

    private (int Start, int Length) Chunk(int n, int chunk)
    {
        var baseSize = n / _world;
        var extra = n % _world;
        var start = (chunk * baseSize) + Math.Min(chunk, extra);
        return (start, baseSize + (chunk < extra ? 1 : 0));
    }

    public void Dispose()
    {
        _right.Dispose();
        _left.Dispose();
        _rightClient.Dispose();
        _leftClient.Dispose();
    }
}
