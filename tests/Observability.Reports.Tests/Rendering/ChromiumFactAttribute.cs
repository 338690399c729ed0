namespace Observability.Reports.Tests.Rendering;

/// <summary>A fact that is reported as skipped (with the reason) when no headless Chromium is installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Find() is null)
        {
            Skip = "chromium not installed (Debian: apt-get install chromium)";
        }
    }
}
