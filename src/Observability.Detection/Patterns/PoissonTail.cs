namespace Observability.Detection.Patterns;

/// <summary>Upper tail of the Poisson distribution, summed upwards from k so a tiny tail keeps its precision.</summary>
public static class PoissonTail
{
    /// <summary>P(X ≥ k) for X ~ Poisson(λ).</summary>
    public static double AtLeast(int k, double lambda)
    {
        if (k <= 0)
        {
            return 1;
        }

        // log of λ^k e^-λ / k!, then the following terms by their ratio λ/(i+1).
        var logTerm = (k * Math.Log(lambda)) - lambda - LogFactorial(k);
        var term = Math.Exp(logTerm);
        var sum = 0.0;
        for (var i = k; i < k + 1000 && term > sum * 1e-15; i++)
        {
            sum += term;
            term *= lambda / (i + 1);
        }

        return Math.Min(sum, 1);
    }

    /// <summary>The smallest count k ≥ <paramref name="minimum"/> whose tail P(X ≥ k) is at most <paramref name="alpha"/>.</summary>
    public static int Needed(double lambda, double alpha, int minimum)
    {
        var k = Math.Max(minimum, 1);
        while (AtLeast(k, lambda) > alpha && k < 1_000_000)
        {
            k++;
        }

        return k;
    }

    private static double LogFactorial(int n)
    {
        var s = 0.0;
        for (var i = 2; i <= n; i++)
        {
            s += Math.Log(i);
        }

        return s;
    }
}
