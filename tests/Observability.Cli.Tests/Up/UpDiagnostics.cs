using System.Text;
using Observability.Cli.Up;

namespace Observability.Cli.Tests.Up;

/// <summary>What a failed end-to-end test reports: the pipeline's counters and obs up's own recent warnings and errors.</summary>
internal static class UpDiagnostics
{
    /// <summary>
    /// Polls like <see cref="Testing.Poll.UntilAsync(Func{bool}, TimeSpan, string?)"/>; on time-out the message says where
    /// the lines stopped, followed by what <paramref name="more"/> adds (e.g. a transport's own state).
    /// </summary>
    public static async Task UntilAsync(UpApplication up, Func<bool> condition, TimeSpan timeout, string because, Func<string>? more = null)
    {
        try
        {
            await Testing.Poll.UntilAsync(condition, timeout, because);
        }
        catch (TimeoutException timedOut)
        {
            throw new TimeoutException($"{timedOut.Message}\n{Describe(up)}{more?.Invoke()}", timedOut);
        }
    }

    public static string Describe(UpApplication up)
    {
        var text = new StringBuilder();
        text.AppendLine(up.Status.ToPlainLine());
        if (up.Agent?.Telemetry is { } agent)
        {
            text.AppendLine($"agent: {agent}");
        }

        try
        {
            using var connection = up.Context.Store.OpenReadConnection();
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT ts, service_name, log_level, message FROM logs
                WHERE service_name LIKE 'obs-%' AND log_level IN ('warn', 'warning', 'error', 'fatal', 'critical')
                ORDER BY ts DESC LIMIT 40
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                text.AppendLine($"{reader.GetValue(0)} {reader.GetValue(1)} {reader.GetValue(2)}: {reader.GetValue(3)}");
            }
        }
        catch (Exception error) when (error is InvalidOperationException or System.Data.Common.DbException)
        {
            text.AppendLine($"(obs up's own events could not be read: {error.Message})");
        }

        return text.ToString();
    }
}
