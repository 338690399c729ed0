namespace Observability.Reports.Delivery;

/// <summary>Sends a finished report somewhere (a directory, e-mail, a webhook). Throws when it could not.</summary>
public interface IReportDelivery
{
    string Name { get; }

    Task DeliverAsync(ReportArtifacts artifacts, CancellationToken ct);
}
