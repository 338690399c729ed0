using System.Buffers.Text;
using System.Text.Json;

namespace Observability.Storage.DuckDb;

/// <summary>
/// The <c>search_after</c> cursor of the embedded store: the last hit's sort value and id, as URL-safe
/// base64 JSON. Opaque to callers; a malformed cursor is a clear error, never SQL.
/// </summary>
internal sealed record DuckDbSearchCursor(string Sort, string? Value, string Id)
{
    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { Sort, Value, Id }));

    public static DuckDbSearchCursor Decode(string cursor)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<string?[]>(Base64Url.DecodeFromChars(cursor.AsSpan()));
            if (parts is not { Length: 3 } || parts[0] is null || parts[2] is null)
            {
                throw new FormatException("wrong shape");
            }

            return new DuckDbSearchCursor(parts[0]!, parts[1], parts[2]!);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            throw new ArgumentException($"invalid search cursor '{(cursor.Length > 40 ? cursor[..40] + "…" : cursor)}': {e.Message}", nameof(cursor), e);
        }
    }
}
