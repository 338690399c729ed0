namespace Observability.Api.Alerts;

/// <summary>Acknowledge the newest alert whose fingerprint starts with <see cref="Fingerprint"/>.</summary>
public sealed record AckDto(string Fingerprint, string By);
