using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>date</c>: parses <c>field</c> with the first of <c>formats</c> that fits and writes the instant (UTC)
/// to <c>target_field</c> (default <c>@timestamp</c>). <c>timezone</c> (IANA name or UTC, default UTC) applies
/// to values without an offset. Fails when no format fits.
/// </summary>
public sealed class DateProcessor(string field, string target, DateFormat[] formats, TimeZoneInfo zone, TimeProvider time, bool ignoreMissing) : Processor
{
    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var field = o.RequireString("field");
        var names = o.GetStringList("formats") ?? throw o.Missing("formats");
        var formats = new List<DateFormat>();
        foreach (var name in names)
        {
            try
            {
                formats.Add(DateFormat.Parse(name));
            }
            catch (FormatException e)
            {
                throw o.Error("formats", e.Message);
            }
        }

        var zoneName = o.GetString("timezone");
        TimeZoneInfo zone;
        try
        {
            zone = zoneName is null or "UTC" or "Z" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zoneName);
        }
        catch (TimeZoneNotFoundException)
        {
            throw o.Error("timezone", $"unknown time zone '{zoneName}'");
        }

        return new DateProcessor(field, o.GetString("target_field") ?? EcsFields.Timestamp, [.. formats], zone, context.Time, o.GetBool("ignore_missing", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        var raw = document[field];
        if (raw is DateTimeOffset already)
        {
            document.Set(target, already.ToUniversalTime());
            return StepResult.Ok;
        }

        if (document.GetString(field) is not { } text)
        {
            return Missing(field, ignoreMissing);
        }

        foreach (var format in formats)
        {
            if (format.TryParse(text, zone, time, out var value))
            {
                document.Set(target, value.ToUniversalTime());
                return StepResult.Ok;
            }
        }

        return StepResult.Fail($"field [{field}] value '{(text.Length > 40 ? text[..40] + "…" : text)}' matches none of the date formats [{string.Join(", ", formats.Select(f => f.Name))}]");
    }
}
