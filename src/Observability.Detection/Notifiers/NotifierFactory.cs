using Observability.Detection.Alerting;
using Observability.Detection.Hosting;

namespace Observability.Detection.Notifiers;

/// <summary>Builds the notifiers of the configured receivers.</summary>
public static class NotifierFactory
{
    public static IReadOnlyList<INotifier> Create(IEnumerable<ReceiverOptions> receivers, HttpClient http)
    {
        var list = new List<INotifier>();
        foreach (var r in receivers)
        {
            if (r.WebhookUrl is { } url)
            {
                list.Add(new WebhookNotifier(r.Name, new Uri(url), http, r.SendResolved, r.WebhookBearerToken));
            }

            if (r.PagerDutyRoutingKey is { } key)
            {
                list.Add(new PagerDutyNotifier(r.Name, key, http, r.PagerDutyUrl is { } pd ? new Uri(pd) : null, r.SendResolved));
            }

            if (r.Email is { } email)
            {
                list.Add(new EmailNotifier(r.Name, email, r.SendResolved));
            }

            if (r.FilePath is { } path)
            {
                list.Add(new FileNotifier(r.Name, path, r.SendResolved));
            }
        }

        return list;
    }
}
