using System.Globalization;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>Random parameter values shared by the format generators: addresses, ids, names, sizes.</summary>
internal static class Gen
{
    public static readonly string[] Users = ["root", "admin", "test", "oracle", "guest", "alice", "bob", "webmaster", "svc_backup", "pi", "ftpuser", "ubnt"];
    public static readonly string[] Hosts = ["www.google.com", "clients4.google.com", "mail.qq.com", "update.microsoft.com", "cdn.jsdelivr.net", "s3.amazonaws.com", "api.github.com", "login.live.com"];
    public static readonly string[] Programs = ["python", "python3", "torchrun", "java", "bash", "nccl-tests", "dcgmi"];

    public static string Pick(Random r, string[] values) => values[r.Next(values.Length)];

    public static string Ip(Random r) => $"{r.Next(1, 224)}.{r.Next(256)}.{r.Next(256)}.{r.Next(1, 255)}";

    /// <summary>An address that is a name on some lines and a dotted number on others.</summary>
    public static string HostOrIp(Random r) => r.Next(3) == 0 ? Ip(r) : Pick(r, Hosts);

    public static string Hex(Random r, int digits)
    {
        const string alphabet = "0123456789abcdef";
        return string.Create(digits, r, (span, rnd) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[rnd.Next(16)];
            }
        });
    }

    public static string Uuid(Random r) => $"{Hex(r, 8)}-{Hex(r, 4)}-{Hex(r, 4)}-{Hex(r, 4)}-{Hex(r, 12)}";

    public static string Long(Random r) => r.NextInt64(-(1L << 62), 1L << 62).ToString(CultureInfo.InvariantCulture);

    public static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string D(DateTime t, string format) => t.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A path of one to four directories below <paramref name="root"/>.</summary>
    public static string Path(Random r, string root)
    {
        string[] parts = ["images", "css", "scripts", "icons", "old", "blog", "2005", "download", "cgi-bin", "docs"];
        var depth = r.Next(1, 5);
        var segments = Enumerable.Range(0, depth).Select(_ => Pick(r, parts));
        return root + string.Join('/', segments) + "/" + Pick(r, ["index.html", "favicon.ico", "logo.gif", "style.css", "awstats.pl", "README"]);
    }
}
