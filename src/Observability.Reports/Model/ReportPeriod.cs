namespace Observability.Reports.Model;

/// <summary>The half-open window [<see cref="Start"/>, <see cref="End"/>) a report covers, and the window just before it.</summary>
public sealed record ReportPeriod(DateTimeOffset Start, DateTimeOffset End)
{
    public TimeSpan Length => End - Start;

    [System.Text.Json.Serialization.JsonIgnore]
    public ReportPeriod Previous => new(Start - Length, Start);

    public static ReportPeriod Ending(DateTimeOffset end, TimeSpan length)
    {
        if (length <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "a report period must be positive");
        }

        return new ReportPeriod(end - length, end);
    }
}
