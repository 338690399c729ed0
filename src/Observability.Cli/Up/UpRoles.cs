using Microsoft.Extensions.Configuration;
using Observability.Core.Options;

namespace Observability.Cli.Up;

/// <summary>
/// Which services one <c>obs up</c> runs (<c>--roles indexer,detector,scheduler,reports,api</c>, or <c>roles:</c> in
/// obs.yml; default all). A cluster runs as many <c>indexer</c> processes as it needs (one consumer group) and the
/// singletons wherever it likes: the training scheduler and the report schedules act only in the process that holds
/// their leader lease, so a second copy stands by instead of acting twice. A subset needs <c>--kafka</c>: in one
/// process every role runs, because the in-process channels have no other reader.
/// </summary>
public sealed record UpRoles(bool Indexer, bool Detector, bool Scheduler, bool Reports, bool Api)
{
    public const string Section = "roles";

    public static readonly IReadOnlyList<string> Names = ["indexer", "detector", "scheduler", "reports", "api"];

    public static UpRoles All { get; } = new(true, true, true, true, true);

    public bool IsAll => this == All;

    /// <summary><c>--roles</c> (wins) or obs.yml's <c>roles</c> (a list or a comma-separated string); neither: all.</summary>
    public static UpRoles Load(IReadOnlyList<string>? fromCommandLine, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var names = fromCommandLine is { Count: > 0 }
            ? fromCommandLine
            : section.Value is { Length: > 0 } single ? [single] : section.GetChildren().Select(c => c.Value ?? string.Empty).ToList();
        return names.Count == 0 ? All : Parse(names);
    }

    public static UpRoles Parse(IEnumerable<string> values)
    {
        var names = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(n => n.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            throw new ObsConfigException(Section, $"names no role; use some of {string.Join(",", Names)}");
        }

        if (names.FirstOrDefault(n => !Names.Contains(n)) is { } unknown)
        {
            throw new ObsConfigException(Section, $"unknown role '{unknown}'; use some of {string.Join(",", Names)}");
        }

        return new UpRoles(names.Contains("indexer"), names.Contains("detector"), names.Contains("scheduler"), names.Contains("reports"), names.Contains("api"));
    }

    public override string ToString() =>
        string.Join(",", Names.Where((_, i) => new[] { Indexer, Detector, Scheduler, Reports, Api }[i]));
}
