namespace Observability.Cli.Up.Alerts;

/// <summary>Acknowledge the newest alert whose fingerprint starts with <see cref="Fingerprint"/>.</summary>
internal sealed record AckDto(string Fingerprint, string By);
