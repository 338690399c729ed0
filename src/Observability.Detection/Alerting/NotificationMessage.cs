namespace Observability.Detection.Alerting;

/// <summary>One notification of one alert group to one receiver (the content of Alertmanager's webhook).</summary>
public sealed record NotificationMessage(
    string Receiver,
    string GroupKey,
    string Status,
    LabelSet GroupLabels,
    LabelSet CommonLabels,
    IReadOnlyDictionary<string, string> CommonAnnotations,
    string ExternalUrl,
    IReadOnlyList<Alert> Alerts);
