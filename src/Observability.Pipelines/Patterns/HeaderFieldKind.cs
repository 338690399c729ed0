namespace Observability.Pipelines.Patterns;

/// <summary>What a leading field of a log line looks like, for learning where a file's header ends.</summary>
public enum HeaderFieldKind : byte
{
    /// <summary>A timestamp in one of <see cref="TimestampScanner"/>'s layouts (may span several words).</summary>
    Timestamp,

    /// <summary>A severity word: <c>INFO</c>, <c>[error]</c>, <c>&lt;warn&gt;</c>, logcat's <c>D</c>.</summary>
    Level,

    /// <summary>A <c>[…]</c> group with letters in it (thread name, request context), spaces included.</summary>
    Bracket,

    /// <summary>A word ending in a colon: <c>sshd[42]:</c>, <c>dfs.DataNode:</c>, <c>kernel:</c>.</summary>
    Tag,

    /// <summary>Punctuation only: <c>-</c>, <c>|</c>.</summary>
    Separator,

    /// <summary>Anything with a digit: pid, tid, numbered host, node location, <c>[12.5]</c>.</summary>
    Number,

    /// <summary>Any other word (host name, program, component).</summary>
    Word,
}
