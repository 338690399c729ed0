namespace Observability.Agent.Files;

/// <summary>What happened to an event's text on the way in; written as <c>log.flags</c>.</summary>
[Flags]
public enum EventFlags
{
    None = 0,

    /// <summary>Longer than <c>MaxEventBytes</c> (or <c>Multiline.MaxLines</c>): the rest was cut off.</summary>
    Truncated = 1,

    /// <summary>Invalid UTF-8 sequences were replaced with U+FFFD.</summary>
    InvalidUtf8 = 2,

    /// <summary>NUL bytes were removed.</summary>
    NulRemoved = 4,

    /// <summary>Several lines joined by the multiline rule.</summary>
    Multiline = 8,

    /// <summary>The line looked like JSON but did not parse; kept as plain text.</summary>
    JsonInvalid = 16,

    /// <summary>The last line of a file let go without a final newline.</summary>
    NoNewline = 32,
}
