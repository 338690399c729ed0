using Observability.Core.Documents;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Observability.Training.Telemetry;

/// <summary>
/// OpenTelemetry metric exporter that writes each metric point as an ECS metric document
/// (<c>metrics-training-default</c>): the value under the instrument's name (histograms as <c>.count</c>, <c>.sum</c>,
/// <c>.min</c>, <c>.max</c>) and the point's tags as fields.
/// </summary>
public sealed class EcsMetricExporter(string serviceName, Action<EcsDocument> emit, TimeProvider time) : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch)
    {
        try
        {
            foreach (var metric in batch)
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    emit(ToDocument(metric, point));
                }
            }

            return ExportResult.Success;
        }
        catch (Exception)
        {
            return ExportResult.Failure;
        }
    }

    private EcsDocument ToDocument(Metric metric, in MetricPoint point)
    {
        var doc = TrainingDocuments.Metric(serviceName, time.GetUtcNow());
        var name = metric.Name;
        var tagParts = new List<string> { name, point.EndTime.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        foreach (var tag in point.Tags)
        {
            doc[tag.Key] = tag.Value switch { int i => (long)i, null => null, var v => v };
            tagParts.Add($"{tag.Key}={tag.Value}");
        }

        doc.Timestamp = point.EndTime;
        switch (metric.MetricType)
        {
            case MetricType.Histogram:
                doc[name + ".count"] = point.GetHistogramCount();
                doc[name + ".sum"] = point.GetHistogramSum();
                if (point.TryGetHistogramMinMaxValues(out var min, out var max))
                {
                    doc[name + ".min"] = min;
                    doc[name + ".max"] = max;
                }

                break;
            case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                doc[name] = point.GetSumLong();
                break;
            case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                doc[name] = point.GetSumDouble();
                break;
            case MetricType.LongGauge:
                doc[name] = point.GetGaugeLastValueLong();
                break;
            case MetricType.DoubleGauge:
                doc[name] = point.GetGaugeLastValueDouble();
                break;
        }

        doc.Id = EventIds.FromParts([serviceName, .. tagParts]);
        return doc;
    }
}
