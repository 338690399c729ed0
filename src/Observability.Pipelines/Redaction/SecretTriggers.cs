using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Observability.Pipelines.Redaction;

/// <summary>
/// The cheap test that tells a value can hold no built-in secret: none of the trigger strings occurs in it (ASCII
/// case-insensitively). A <c>SearchValues&lt;string&gt;</c> over all 29 triggers gives that answer, but over more than
/// 8 case-insensitive strings it leaves .NET's fast path (62-101 ns on a 116-character line), and this runs on the
/// raw line and every field of every event. So ASCII values are scanned here: long ones (34 characters on) 32
/// positions at a time by a vectorised candidate search on each position's first three characters (26-29 ns on the
/// same line), short ones pair by pair against a bitmap of the triggers' first pairs; a candidate is checked against
/// the triggers that start with its pair. Values beyond ASCII, and long values on a CPU without AVX2, take the
/// multi-string search, whose ordinal case folding goes beyond ASCII. Every path gives the same answer
/// (<c>SecretTriggersTests</c> check each against the multi-string search).
/// </summary>
internal static class SecretTriggers
{
    /// <summary>Characters per vector block: one byte per (narrowed ASCII) character.</summary>
    private const int Block = 32;

    private static readonly string[] Values =
    [
        "-----BEGIN", "bearer", "basic", "token", "apikey", "api_key", "api-key", "key=", "key\"", "key:", "key'", "secret", "passw", "pwd",
        "passphrase", "credential", "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xox", "sk-", "AIza", "hf_", "eyJ", "://",
    ];

    /// <summary>The trigger strings, for tests.</summary>
    internal static IReadOnlyList<string> All => Values;

    private static readonly SearchValues<string> Search = SearchValues.Create(Values, StringComparison.OrdinalIgnoreCase);

    // Indexed by (first << 7 | second) of ASCII-lower-cased characters: the triggers that start with that pair.
    private static readonly string[]?[] ByPair = BuildPairs();

    private static readonly ulong[] FirstPairs = BuildFirstPairs();

    // See BuildNibbles.
    private static readonly Vector256<byte>[] Nibbles = BuildNibbles();

    /// <summary>True when some trigger occurs in <paramref name="value"/>, ignoring ASCII case.</summary>
    public static bool Occur(ReadOnlySpan<char> value)
    {
        if (value.Length >= Block + 2)
        {
            // Without AVX2 (ARM, old x86) the multi-string search is the faster one on long values.
            return Avx2.IsSupported ? OccurVectorised(value) : OccurIgnoringCase(value);
        }

        return System.Text.Ascii.IsValid(value) ? OccurScalar(value) : OccurIgnoringCase(value);
    }

    /// <summary>The multi-string search, with full ordinal case folding.</summary>
    internal static bool OccurIgnoringCase(ReadOnlySpan<char> value) => value.IndexOfAny(Search) >= 0;

    /// <summary>
    /// The scan over every adjacent pair (ASCII values only): a bit per first pair, with bit 0x20 set on both
    /// characters as in the vector search, filters the positions (2 KiB, so it stays in the L1 cache); the pair
    /// table checks the few that pass.
    /// </summary>
    internal static bool OccurScalar(ReadOnlySpan<char> value)
    {
        var firstPairs = FirstPairs;
        for (var i = 0; i + 1 < value.Length; i++)
        {
            var pair = ((value[i] | 0x20) << 7) | (value[i + 1] | 0x20);
            if ((firstPairs[pair >> 6] & (1UL << pair)) != 0 && StartsHere(value, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Teddy-style candidate search over blocks of 32 positions (34 characters, narrowed to bytes, with bit 0x20
    /// set so that ASCII letters compare lower-cased): each trigger's first three characters put its bucket's bit
    /// in three pairs of nibble tables, and a position is a candidate when some bucket's bit survives the lookups
    /// of its three characters' low and high nibbles. Every occurrence is a candidate; nibble aliasing only adds
    /// candidates, which the table check rejects. The last block is moved back to end at the last position a
    /// trigger can start (every trigger has three characters or more), masking off the positions already seen.
    /// A block with a character beyond ASCII sends the whole value to <see cref="OccurIgnoringCase"/>. Needs AVX2
    /// and at least 34 characters.
    /// </summary>
    internal static bool OccurVectorised(ReadOnlySpan<char> value)
    {
        ref var start = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<char, ushort>(value));
        var lastBlock = value.Length - Block - 2;
        var t = Nibbles;
        var (lo0, hi0, lo1, hi1, lo2, hi2) = (t[0], t[1], t[2], t[3], t[4], t[5]);
        var (lo0b, hi0b, lo1b, hi1b, lo2b, hi2b) = (t[6], t[7], t[8], t[9], t[10], t[11]);
        for (var next = 0; ; next += Block)
        {
            var at = Math.Min(next, lastBlock);
            if (!IsAscii(ref start, at))
            {
                return OccurIgnoringCase(value);
            }

            var c0 = Narrowed(ref start, at);
            var c1 = Narrowed(ref start, at + 1);
            var c2 = Narrowed(ref start, at + 2);
            var (n0, m0) = (c0 & LowNibble, Vector256.ShiftRightLogical(c0.AsUInt16(), 4).AsByte() & LowNibble);
            var (n1, m1) = (c1 & LowNibble, Vector256.ShiftRightLogical(c1.AsUInt16(), 4).AsByte() & LowNibble);
            var (n2, m2) = (c2 & LowNibble, Vector256.ShiftRightLogical(c2.AsUInt16(), 4).AsByte() & LowNibble);
            var first = Avx2.Shuffle(lo0, n0) & Avx2.Shuffle(hi0, m0) & Avx2.Shuffle(lo1, n1) & Avx2.Shuffle(hi1, m1) & Avx2.Shuffle(lo2, n2) & Avx2.Shuffle(hi2, m2);
            var second = Avx2.Shuffle(lo0b, n0) & Avx2.Shuffle(hi0b, m0) & Avx2.Shuffle(lo1b, n1) & Avx2.Shuffle(hi1b, m1) & Avx2.Shuffle(lo2b, n2) & Avx2.Shuffle(hi2b, m2);
            var candidates = ~Vector256.Equals(first | second, Vector256<byte>.Zero).ExtractMostSignificantBits();
            if (at < next)
            {
                candidates &= uint.MaxValue << (next - at);
            }

            while (candidates != 0)
            {
                if (StartsHere(value, at + BitOperations.TrailingZeroCount(candidates)))
                {
                    return true;
                }

                candidates &= candidates - 1;
            }

            if (at == lastBlock)
            {
                return false;
            }
        }
    }

    /// <summary>Whether the 34 characters a block reads from <paramref name="at"/> are ASCII.</summary>
    private static bool IsAscii(ref ushort start, int at) =>
        ((Vector256.LoadUnsafe(ref start, (nuint)at) | Vector256.LoadUnsafe(ref start, (nuint)(at + 16)) | Vector256.LoadUnsafe(ref start, (nuint)(at + 18)))
            & Vector256.Create((ushort)0xFF80)) == Vector256<ushort>.Zero;

    private static Vector256<byte> LowNibble => Vector256.Create((byte)0x0F);

    /// <summary>32 ASCII characters from <paramref name="at"/> as bytes, with bit 0x20 set.</summary>
    private static Vector256<byte> Narrowed(ref ushort start, int at) =>
        Vector256.Narrow(Vector256.LoadUnsafe(ref start, (nuint)at), Vector256.LoadUnsafe(ref start, (nuint)(at + 16))) | Vector256.Create((byte)0x20);

    /// <summary>Whether a trigger starts at <paramref name="i"/> (an ASCII value with a character after it).</summary>
    private static bool StartsHere(ReadOnlySpan<char> value, int i)
    {
        if (ByPair[(Lower(value[i]) << 7) | Lower(value[i + 1])] is not { } candidates)
        {
            return false;
        }

        var rest = value[i..];
        foreach (var trigger in candidates)
        {
            if (rest.StartsWith(trigger, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int Lower(char c) => c is >= 'A' and <= 'Z' ? c | 0x20 : c;

    private static string[]?[] BuildPairs()
    {
        var byPair = new string[]?[128 * 128];
        foreach (var trigger in Values)
        {
            var pair = (Lower(trigger[0]) << 7) | Lower(trigger[1]);
            byPair[pair] = [.. byPair[pair] ?? [], trigger];
        }

        return byPair;
    }

    private static ulong[] BuildFirstPairs()
    {
        var bits = new ulong[128 * 128 / 64];
        foreach (var trigger in Values)
        {
            var pair = ((trigger[0] | 0x20) << 7) | (trigger[1] | 0x20);
            bits[pair >> 6] |= 1UL << pair;
        }

        return bits;
    }

    /// <summary>
    /// The nibble tables, 16 entries repeated in both 128-bit lanes (the shuffle looks up within a lane): for each
    /// of the triggers' first three characters (with bit 0x20 set) its low-nibble and its high-nibble table, first
    /// for buckets 0-7 and then for buckets 8-15. A bucket is a trigger's first character, so the first two
    /// characters of a candidate can only alias within the second and third characters of one letter's triggers.
    /// </summary>
    private static Vector256<byte>[] BuildNibbles()
    {
        var tables = new byte[12][];
        for (var i = 0; i < tables.Length; i++)
        {
            tables[i] = new byte[32];
        }

        var buckets = Values.Select(v => v[0] | 0x20).Distinct().ToList();
        foreach (var trigger in Values)
        {
            var bucket = buckets.IndexOf(trigger[0] | 0x20) % 16;
            var bit = (byte)(1 << (bucket % 8));
            for (var position = 0; position < 3; position++)
            {
                var c = trigger[position] | 0x20;
                var table = (bucket / 8 * 6) + (position * 2);
                foreach (var lane in (int[])[0, 16])
                {
                    tables[table][lane + (c & 0x0F)] |= bit;
                    tables[table + 1][lane + (c >> 4)] |= bit;
                }
            }
        }

        return [.. tables.Select(t => Vector256.Create(t))];
    }
}
