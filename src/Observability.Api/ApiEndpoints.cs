using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observability.Api.Alerts;
using Observability.Api.Query;
using Observability.Api.Reports;
using Observability.Detection.Alerting;
using Observability.Reports.Sections;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Api;

/// <summary>The API of <c>obs up</c> in one call: every endpoint behind the same token (see <see cref="QueryApiProtocol.TokenHeader"/>).</summary>
public static class ApiEndpoints
{
    /// <summary>
    /// Maps the query API (search, histogram, top over <paramref name="search"/>), the alerts API (the <see cref="IAlertStore"/>
    /// in the container) and the report API (reports built from <paramref name="store"/>, or from Elasticsearch when
    /// <paramref name="elasticsearch"/> is given), so the CLI works while <c>obs up</c> holds the store.
    /// </summary>
    public static WebApplication MapObsApi(this WebApplication app, IAggregatingSearchStore search, DuckDbStore store, ElasticsearchConnection? elasticsearch, string token)
    {
        var time = app.Services.GetRequiredService<TimeProvider>();
        QueryApi.Map(app, search, token, app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(QueryApi).FullName!));
        AlertApi.Map(app, app.Services.GetRequiredService<IAlertStore>(), token);
        ReportApi.Map(app, ReportSections.Create(store, elasticsearch), store, time, token);
        return app;
    }
}
