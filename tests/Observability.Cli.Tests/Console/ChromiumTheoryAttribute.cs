using Observability.Reports.Tests.Rendering;

namespace Observability.Cli.Tests.Console;

/// <summary>A theory that is reported as skipped (with the reason) when no headless Chromium is installed, like <see cref="ChromiumFactAttribute"/>.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (HeadlessChromium.Find() is null)
        {
            Skip = "chromium not installed (Debian: apt-get install chromium)";
        }
    }
}
