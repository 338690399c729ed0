using System.Diagnostics;

namespace Observability.Reports.Tests.Rendering;

/// <summary>Screenshots a local file with Debian's headless <c>chromium</c> (no network, fresh profile).</summary>
public static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string? Find() => Candidates.FirstOrDefault(File.Exists);

    public static async Task ScreenshotAsync(string htmlPath, string pngPath, int width, int height, TimeSpan timeout)
    {
        var profile = Path.Combine(Path.GetTempPath(), "obs-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        try
        {
            var psi = new ProcessStartInfo(Find() ?? throw new InvalidOperationException("chromium not found"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var a in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile}", $"--screenshot={pngPath}",
                $"--window-size={width},{height}", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
            })
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await p.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish in {timeout}: {await stderr}");
            }

            if (p.ExitCode != 0 || !File.Exists(pngPath))
            {
                throw new InvalidOperationException($"chromium exited {p.ExitCode}: {await stderr}");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
