using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>route</c>: sends the event to another data stream by setting <c>data_stream.dataset</c> and
/// <c>event.dataset</c> (and <c>data_stream.namespace</c> with <c>namespace</c>), like Elasticsearch's
/// reroute processor. Values may be templates (<c>{{service.name}}</c>); they are sanitised to what a
/// data stream name allows.
/// </summary>
public sealed class RouteProcessor(ValueTemplate? dataset, ValueTemplate? ns) : Processor
{
    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var dataset = o.GetString("dataset");
        var ns = o.GetString("namespace");
        if (dataset is null && ns is null)
        {
            throw o.Location.Error("dataset", "the route processor needs 'dataset' or 'namespace'");
        }

        return new RouteProcessor(dataset is null ? null : ValueTemplate.Parse(dataset), ns is null ? null : ValueTemplate.Parse(ns));
    }

    public override StepResult Execute(EcsDocument document)
    {
        if (dataset is not null)
        {
            var value = DataStream.Sanitize(dataset.Render(document));
            if (value.Length == 0)
            {
                return StepResult.Fail("route dataset rendered empty");
            }

            document.Set(EcsFields.DataStreamDataset, value);
            document.Set(EcsFields.EventDataset, value);
        }

        if (ns is not null)
        {
            var value = DataStream.Sanitize(ns.Render(document));
            if (value.Length == 0)
            {
                return StepResult.Fail("route namespace rendered empty");
            }

            document.Set(EcsFields.DataStreamNamespace, value);
        }

        return StepResult.Ok;
    }
}
