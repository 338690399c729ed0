using Microsoft.Extensions.Options;

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

    public void Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                errors.Add($"{Section}:{key} {message}");
            }
        }

        Check(HasInputs, nameof(Include), "must list at least one glob pattern (or Datasets one)");
        foreach (var d in Datasets)
        {
            Check(!string.IsNullOrWhiteSpace(d.Glob), nameof(Datasets), $"has an entry without a glob (dataset '{d.Dataset}')");
            Check(IsDataStreamPart(d.Dataset), nameof(Datasets), $"dataset of '{d.Glob}' must be non-empty lower-case without '-' or spaces (was '{d.Dataset}')");
        }

        foreach (var p in Include.Concat(Exclude))
        {
            Check(!string.IsNullOrWhiteSpace(p), Include.Contains(p) ? nameof(Include) : nameof(Exclude), "contains an empty pattern");
        }

        Check(!string.IsNullOrWhiteSpace(CheckpointDirectory), nameof(CheckpointDirectory), "must be set");
        Check(!string.IsNullOrWhiteSpace(HostName), nameof(HostName), "must be set");
        Check(IsDataStreamPart(Dataset), nameof(Dataset), $"must be non-empty lower-case without '-' or spaces (was '{Dataset}')");
        Check(IsDataStreamPart(Namespace), nameof(Namespace), $"must be non-empty lower-case without '-' or spaces (was '{Namespace}')");
        Check(!string.IsNullOrWhiteSpace(Topic), nameof(Topic), "must be set");
        Check(DeadLetterTopic is null or "" || (!string.IsNullOrWhiteSpace(DeadLetterTopic) && DeadLetterTopic != Topic), nameof(DeadLetterTopic), $"must not be blank or the events' own topic (was '{DeadLetterTopic}')");
        Check(MaxBatchLines is > 0 and <= 1_000_000, nameof(MaxBatchLines), $"must be between 1 and 1000000 (was {MaxBatchLines})");
        Check(MaxEventBytes is >= 256 and <= 64 * 1024 * 1024, nameof(MaxEventBytes), $"must be between 256 and 67108864 (was {MaxEventBytes})");
        Check(ScanInterval > TimeSpan.Zero, nameof(ScanInterval), $"must be positive (was {ScanInterval})");
        Check(MaxInFlightBatches is > 0 and <= 1024, nameof(MaxInFlightBatches), $"must be between 1 and 1024 (was {MaxInFlightBatches})");
        Check(ReadBufferBytes is >= 4096 and <= 64 * 1024 * 1024, nameof(ReadBufferBytes), $"must be between 4096 and 67108864 (was {ReadBufferBytes})");
        Check(FingerprintBytes is >= 16 and <= 1024 * 1024, nameof(FingerprintBytes), $"must be between 16 and 1048576 (was {FingerprintBytes})");
        Check(IgnoreOlder is null || IgnoreOlder > TimeSpan.Zero, nameof(IgnoreOlder), "must be positive when set");
        Check(CloseInactive > TimeSpan.Zero, nameof(CloseInactive), "must be positive");
        Check(CloseRemovedAfter >= TimeSpan.Zero, nameof(CloseRemovedAfter), "must not be negative");
        Check(CheckpointInterval > TimeSpan.Zero, nameof(CheckpointInterval), "must be positive");
        Check(ShutdownTimeout >= TimeSpan.Zero, nameof(ShutdownTimeout), "must not be negative");
        if (Multiline is not null)
        {
            errors.AddRange(Multiline.Validate($"{Section}:{nameof(Multiline)}"));
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Section, typeof(FileInputOptions), errors);
        }
    }

    private static bool IsDataStreamPart(string? s) =>
        !string.IsNullOrEmpty(s) && s.Length <= 100 && s.All(c => c is not ('-' or ' ' or '/' or '\\' or '*' or '?' or '"' or '<' or '>' or '|' or ',' or '#' or ':') && !char.IsUpper(c));
}
