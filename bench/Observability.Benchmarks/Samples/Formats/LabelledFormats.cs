namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// Labelled evaluation sets built from documented log layouts: every line is generated from a known template,
/// in two forms — the raw line with its header, and the message alone. Tuning and held-out parts differ by
/// seed, and the <see cref="LogFormat.HeldOut"/> formats were never tuned on at all.
/// </summary>
public static class LabelledFormats
{
    /// <summary>The seed of the tuning part; the held-out part uses <see cref="HeldOutSeed"/>.</summary>
    public const int TuningSeed = 42;
    public const int HeldOutSeed = 20261205;

    public static IReadOnlyList<LogFormat> All { get; } =
    [
        SyslogFormat.Create(),
        ApacheErrorFormat.Create(),
        HadoopFormat.Create(),
        SparkFormat.Create(),
        HdfsFormat.Create(),
        WindowsCbsFormat.Create(),
        AndroidFormat.Create(),
        ProxifierFormat.Create(),
        BglFormat.Create(),
        HealthAppFormat.Create(),
        OpenStackFormat.Create(),
        SshdFormat.Create(),
        KernelNvrmFormat.Create(),
        ZookeeperFormat.Create(),
    ];

    public sealed record Line(string Template, string Raw, string Message);

    /// <summary><paramref name="count"/> lines of a format, deterministic for a seed; times advance by 0–3 s a line.</summary>
    public static IReadOnlyList<Line> Generate(LogFormat format, int count, int seed)
    {
        var r = new Random(unchecked((seed * 7919) + StableHash(format.Name)));
        var total = format.Templates.Sum(t => t.Weight);
        var time = new DateTime(2026, 3, 30, 23, 58, 0, DateTimeKind.Utc).AddSeconds(r.Next(86400 * 30));
        var lines = new List<Line>(count);
        for (var i = 0; i < count; i++)
        {
            var pick = r.Next(total);
            var spec = format.Templates[^1];
            foreach (var t in format.Templates)
            {
                if (pick < t.Weight)
                {
                    spec = t;
                    break;
                }

                pick -= t.Weight;
            }

            time = time.AddMilliseconds(r.Next(3000));
            var message = spec.Render(r);
            lines.Add(new Line(spec.Id, format.Header(r, time, spec) + message, message));
        }

        return lines;
    }

    // string.GetHashCode is randomised per process; the sets must be the same on every run.
    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var c in s)
        {
            h = unchecked((h * 31) + c);
        }

        return h;
    }
}
