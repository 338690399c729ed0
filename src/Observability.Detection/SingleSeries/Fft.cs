using System.Numerics;

namespace Observability.Detection.SingleSeries;

/// <summary>In-place iterative radix-2 FFT on power-of-two lengths, with precomputed twiddles per size.</summary>
public sealed class Fft
{
    private readonly Complex[] _twiddles;
    private readonly int[] _bitReverse;

    public Fft(int length)
    {
        if (length < 2 || (length & (length - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "FFT length must be a power of two >= 2");
        }

        Length = length;
        _twiddles = new Complex[length / 2];
        for (var k = 0; k < length / 2; k++)
        {
            _twiddles[k] = Complex.FromPolarCoordinates(1.0, -2.0 * Math.PI * k / length);
        }

        _bitReverse = new int[length];
        var bits = System.Numerics.BitOperations.Log2((uint)length);
        for (var i = 0; i < length; i++)
        {
            var r = 0;
            for (var b = 0; b < bits; b++)
            {
                r |= ((i >> b) & 1) << (bits - 1 - b);
            }

            _bitReverse[i] = r;
        }
    }

    public int Length { get; }

    public void Forward(Span<Complex> data) => Transform(data, inverse: false);

    /// <summary>Inverse transform, scaled by 1/N.</summary>
    public void Inverse(Span<Complex> data)
    {
        Transform(data, inverse: true);
        var scale = 1.0 / Length;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] *= scale;
        }
    }

    private void Transform(Span<Complex> data, bool inverse)
    {
        if (data.Length != Length)
        {
            throw new ArgumentException($"expected {Length} points, got {data.Length}", nameof(data));
        }

        for (var i = 0; i < Length; i++)
        {
            var j = _bitReverse[i];
            if (j > i)
            {
                (data[i], data[j]) = (data[j], data[i]);
            }
        }

        for (var size = 2; size <= Length; size <<= 1)
        {
            var half = size >> 1;
            var step = Length / size;
            for (var start = 0; start < Length; start += size)
            {
                // k = 0: the twiddle is exactly 1, so the product is the value itself (no rounding to reproduce).
                var t0 = data[start + half];
                var u0 = data[start];
                data[start] = u0 + t0;
                data[start + half] = u0 - t0;
                for (var k = 1; k < half; k++)
                {
                    var w = inverse ? Complex.Conjugate(_twiddles[k * step]) : _twiddles[k * step];
                    var t = w * data[start + k + half];
                    var u = data[start + k];
                    data[start + k] = u + t;
                    data[start + k + half] = u - t;
                }
            }
        }
    }
}
