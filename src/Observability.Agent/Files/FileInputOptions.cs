using Observability.Core.Options;

namespace Observability.Agent.Files;

/// <summary>
/// Options of the file input (configuration section <c>Agent:Files</c>). Defaults follow Filebeat's filestream
/// where it has one. <see cref="Validate"/> fails fast at start-up and names the bad key.
/// </summary>
public sealed class FileInputOptions
{
    public const string Section = "Agent:Files";

    /// <summary>Glob patterns of files to tail: <c>*</c>, <c>?</c>, <c>[abc]</c> within a path segment, <c>**</c> across segments.</summary>
    public List<string> Include { get; set; } = [];

    /// <summary>Glob patterns of paths never tailed (e.g. <c>**/*.gz</c>).</summary>
    public List<string> Exclude { get; set; } = [];

    /// <summary>Where per-file checkpoints (file identity → acknowledged offset) are kept.</summary>
    public string CheckpointDirectory { get; set; } = "./data/agent";

    public string HostName { get; set; } = Environment.MachineName;

    /// <summary><c>data_stream.dataset</c> and <c>event.dataset</c> of the events (no '-').</summary>
    public string Dataset { get; set; } = "generic";

    /// <summary>More globs, each tailed with its own dataset (the first that matches a path wins over <see cref="Dataset"/>).</summary>
    public List<FileDataset> Datasets { get; set; } = [];

    /// <summary>Whether anything is to be tailed: <see cref="Include"/> or <see cref="Datasets"/>.</summary>
    public bool HasInputs => Include.Count > 0 || Datasets.Count > 0;

    /// <summary>The globs with the dataset each gives its files, e.g. <c>/var/log/kern.log (kernel), /data/*.log (generic)</c>.</summary>
    public string DescribeInputs() =>
        string.Join(", ", Include.Select(g => $"{g} ({Dataset})").Concat(Datasets.Select(d => $"{d.Glob} ({d.Dataset})")));

    /// <summary>Adds a <c>--logs</c> argument: <c>GLOB</c> to <see cref="Include"/>, <c>DATASET=GLOB</c> to <see cref="Datasets"/>.</summary>
    public void AddLogsArgument(string argument, Func<string, string>? normalisePath = null)
    {
        if (FileDataset.TryParseArgument(argument, out var d))
        {
            d.Glob = normalisePath?.Invoke(d.Glob) ?? d.Glob;
            Datasets.Add(d);
        }
        else
        {
            Include.Add(normalisePath?.Invoke(argument) ?? argument);
        }
    }

    /// <summary><c>data_stream.namespace</c> of the events (no '-').</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Optional <c>service.name</c> put on every event.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Topic the events are produced to.</summary>
    public string Topic { get; set; } = Core.Transport.Topics.Logs;

    /// <summary>
    /// Where events the transport refuses for good (e.g. larger than Kafka's <c>message.max.bytes</c>) go, with their
    /// file and offset; null or empty: they are counted as dropped and logged instead.
    /// </summary>
    public string? DeadLetterTopic { get; set; } = Core.Transport.Topics.DeadLetter;

    /// <summary>Most events in one batch handed to the producer.</summary>
    public int MaxBatchLines { get; set; } = 2048;

    /// <summary>Longest event in bytes; longer events are truncated and flagged (<c>log.flags: truncated</c>), never dropped.</summary>
    public int MaxEventBytes { get; set; } = 1024 * 1024;

    /// <summary>How often include patterns are re-scanned for new, rotated and deleted files.</summary>
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Batches sent but not yet acknowledged; more in flight hide the transport's latency.</summary>
    public int MaxInFlightBatches { get; set; } = 8;

    /// <summary>Bytes read from a file per read call.</summary>
    public int ReadBufferBytes { get; set; } = 256 * 1024;

    /// <summary>Bytes hashed as a file's fingerprint; shorter files are identified by device and inode.</summary>
    public int FingerprintBytes { get; set; } = 1024;

    /// <summary>Files not modified for this long are ignored when first seen (null: never).</summary>
    public TimeSpan? IgnoreOlder { get; set; }

    /// <summary>A handle at end of file with no new data for this long is closed; it reopens when the file grows.</summary>
    public TimeSpan CloseInactive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A file that was renamed away or deleted is read to its end, then let go after this much inactivity.</summary>
    public TimeSpan CloseRemovedAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often acknowledged offsets are written to disk (always at shutdown).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long shutdown waits for batches in flight to be acknowledged.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Start new files at their end instead of their beginning (files with a checkpoint resume from it).</summary>
    public bool StartAtEnd { get; set; }

    /// <summary>Parse each line that is a JSON object into fields of the event.</summary>
    public bool JsonLines { get; set; }

    /// <summary>Multiline grouping (null: one event per line).</summary>
    public MultilineOptions? Multiline { get; set; }

    /// <summary>Checks every setting, the first bad one failing with its obs.yml key (<c>agent.files.max_batch_lines</c>).</summary>
    public void Validate()
    {
        const string p = "agent.files";
        OptionsCheck.That(HasInputs, $"{p}.include", "must list at least one glob pattern (or datasets one)");
        for (var i = 0; i < Datasets.Count; i++)
        {
            var d = Datasets[i];
            OptionsCheck.That(!string.IsNullOrWhiteSpace(d.Glob), $"{p}.datasets[{i}].glob", $"must be set (dataset '{d.Dataset}')");
            OptionsCheck.That(IsDataStreamPart(d.Dataset), $"{p}.datasets[{i}].dataset", $"of '{d.Glob}' must be non-empty lower-case without '-' or spaces (was '{d.Dataset}')");
        }

        OptionsCheck.That(Include.All(g => !string.IsNullOrWhiteSpace(g)), $"{p}.include", "contains an empty pattern");
        OptionsCheck.That(Exclude.All(g => !string.IsNullOrWhiteSpace(g)), $"{p}.exclude", "contains an empty pattern");
        OptionsCheck.NotEmpty($"{p}.checkpoint_directory", CheckpointDirectory);
        OptionsCheck.NotEmpty($"{p}.host_name", HostName);
        OptionsCheck.That(IsDataStreamPart(Dataset), $"{p}.dataset", $"must be non-empty lower-case without '-' or spaces (was '{Dataset}')");
        OptionsCheck.That(IsDataStreamPart(Namespace), $"{p}.namespace", $"must be non-empty lower-case without '-' or spaces (was '{Namespace}')");
        OptionsCheck.NotEmpty($"{p}.topic", Topic);
        OptionsCheck.That(DeadLetterTopic is null or "" || (!string.IsNullOrWhiteSpace(DeadLetterTopic) && DeadLetterTopic != Topic), $"{p}.dead_letter_topic", $"must not be blank or the events' own topic (was '{DeadLetterTopic}')");
        OptionsCheck.Range($"{p}.max_batch_lines", MaxBatchLines, 1, 1_000_000);
        OptionsCheck.Range($"{p}.max_event_bytes", MaxEventBytes, 256, 64 * 1024 * 1024);
        OptionsCheck.That(ScanInterval > TimeSpan.Zero, $"{p}.scan_interval", $"must be positive (was {ScanInterval})");
        OptionsCheck.Range($"{p}.max_in_flight_batches", MaxInFlightBatches, 1, 1024);
        OptionsCheck.Range($"{p}.read_buffer_bytes", ReadBufferBytes, 4096, 64 * 1024 * 1024);
        OptionsCheck.Range($"{p}.fingerprint_bytes", FingerprintBytes, 16, 1024 * 1024);
        OptionsCheck.That(IgnoreOlder is null || IgnoreOlder > TimeSpan.Zero, $"{p}.ignore_older", $"must be positive when set (was {IgnoreOlder})");
        OptionsCheck.That(CloseInactive > TimeSpan.Zero, $"{p}.close_inactive", $"must be positive (was {CloseInactive})");
        OptionsCheck.That(CloseRemovedAfter >= TimeSpan.Zero, $"{p}.close_removed_after", $"must not be negative (was {CloseRemovedAfter})");
        OptionsCheck.That(CheckpointInterval > TimeSpan.Zero, $"{p}.checkpoint_interval", $"must be positive (was {CheckpointInterval})");
        OptionsCheck.That(ShutdownTimeout >= TimeSpan.Zero, $"{p}.shutdown_timeout", $"must not be negative (was {ShutdownTimeout})");
        Multiline?.Validate($"{p}.multiline");
    }

    private static bool IsDataStreamPart(string? s) =>
        !string.IsNullOrEmpty(s) && s.Length <= 100 && s.All(c => c is not ('-' or ' ' or '/' or '\\' or '*' or '?' or '"' or '<' or '>' or '|' or ',' or '#' or ':') && !char.IsUpper(c));
}
