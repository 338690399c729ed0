using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>syslog_priority</c>: decodes a syslog PRI value (<c>field</c>, default <c>log.syslog.priority</c>) into
/// ECS <c>log.syslog.facility.code/name</c> and <c>log.syslog.severity.code/name</c> (RFC 5424 §6.2.1), and
/// sets <c>log.level</c> from the severity when it is absent.
/// </summary>
public sealed class SyslogPriorityProcessor(string field, bool ignoreMissing) : Processor
{
    private static readonly string[] Facilities =
    [
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp", "ntp",
        "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    ];

    private static readonly string[] Severities = ["emergency", "alert", "critical", "error", "warning", "notice", "informational", "debug"];

    public static Processor Create(ProcessorOptions o) =>
        new SyslogPriorityProcessor(o.GetString("field") ?? "log.syslog.priority", o.GetBool("ignore_missing", false));

    public override StepResult Execute(EcsDocument document)
    {
        var pri = document.GetDouble(field);
        if (pri is null)
        {
            return document.Contains(field) ? StepResult.Fail($"field [{field}] is not a number") : Missing(field, ignoreMissing);
        }

        var value = (long)pri.Value;
        if (value is < 0 or > 191)
        {
            return StepResult.Fail($"syslog priority {value} is outside 0-191");
        }

        document.Set(field, value);
        document.Set("log.syslog.facility.code", value / 8);
        document.Set("log.syslog.facility.name", Facilities[value / 8]);
        document.Set("log.syslog.severity.code", value % 8);
        document.Set("log.syslog.severity.name", Severities[value % 8]);
        if (!document.Contains(EcsFields.LogLevel))
        {
            document.Set(EcsFields.LogLevel, Severities[value % 8]);
        }

        return StepResult.Ok;
    }
}
