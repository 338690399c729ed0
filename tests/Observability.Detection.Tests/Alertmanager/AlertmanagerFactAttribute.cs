namespace Observability.Detection.Tests.Alertmanager;

/// <summary>A fact run against the real Alertmanager binary; skipped, saying how to get it, when it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class AlertmanagerFactAttribute : FactAttribute
{
    public AlertmanagerFactAttribute()
    {
        if (AlertmanagerProcess.Binary is null)
        {
            Skip = $"{AlertmanagerProcess.BinaryName} is not installed (CI installs the apt package prometheus-alertmanager through .ci/run)";
        }
    }
}
