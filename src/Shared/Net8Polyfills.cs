// Compiled into every net8.0 build of src/ and tests/ (Directory.Build.props), never into net10.0: the few .NET 9/10
// BCL members the code uses, with the same behaviour, so call sites stay identical on both targets. Internal, so the
// public API is the same on both targets; each assembly brings its own copy through a `using static`, and the copy a
// friend assembly sees through InternalsVisibleTo loses to its own (CS0436 is silenced for net8.0 only).
#if !NET9_0_OR_GREATER
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace IncidentKit.Net8Compat;

/// <summary>Supplies the .NET 9/10 static members that IncidentKit uses, for the net8.0 build.</summary>
internal static class Net8Polyfills
{
    extension(Convert)
    {
        /// <summary>Converts bytes to lowercase hexadecimal text, as .NET 9's <c>Convert.ToHexStringLower</c>.</summary>
        public static string ToHexStringLower(byte[] inArray)
        {
            ArgumentNullException.ThrowIfNull(inArray);
            return ToLowerHex(inArray);
        }

        /// <summary>Converts bytes to lowercase hexadecimal text, as .NET 9's <c>Convert.ToHexStringLower</c>.</summary>
        public static string ToHexStringLower(ReadOnlySpan<byte> bytes) => ToLowerHex(bytes);
    }

    extension(Guid)
    {
        /// <summary>Gets the GUID whose bits are all set (ffffffff-ffff-ffff-ffff-ffffffffffff), as .NET 9's <c>Guid.AllBitsSet</c>.</summary>
        public static Guid AllBitsSet => new(uint.MaxValue, ushort.MaxValue, ushort.MaxValue, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);

        /// <summary>Creates an RFC 9562 version 7 GUID from the current UTC time, as .NET 9's <c>Guid.CreateVersion7()</c>.</summary>
#pragma warning disable RS0030 // The core bans the wall clock; Guid.CreateVersion7() reads it on every target, as here.
        public static Guid CreateVersion7() => CreateVersion7Core(DateTimeOffset.UtcNow);
#pragma warning restore RS0030

        /// <summary>Creates an RFC 9562 version 7 GUID from <paramref name="timestamp"/>, as .NET 9's <c>Guid.CreateVersion7(DateTimeOffset)</c>.</summary>
        public static Guid CreateVersion7(DateTimeOffset timestamp) => CreateVersion7Core(timestamp);
    }

    extension(Guid guid)
    {
        /// <summary>Gets the version field (the high nibble of byte 6 in RFC 9562 order), as .NET 9's <c>Guid.Version</c>.</summary>
        public int Version => guid.ToByteArray(bigEndian: true)[6] >> 4;

        /// <summary>Gets the variant field (the high nibble of byte 8 in RFC 9562 order), as .NET 9's <c>Guid.Variant</c>.</summary>
        public int Variant => guid.ToByteArray(bigEndian: true)[8] >> 4;
    }

    private static string ToLowerHex(ReadOnlySpan<byte> bytes) => string.Create(bytes.Length * 2, bytes.ToArray(), static (chars, source) =>
    {
        const string Digits = "0123456789abcdef";
        for (var i = 0; i < source.Length; i++)
        {
            chars[2 * i] = Digits[source[i] >> 4];
            chars[(2 * i) + 1] = Digits[source[i] & 0xf];
        }
    });

    // The .NET 9 layout: 48-bit big-endian Unix milliseconds, version nibble 7, variant bits 10, the rest random.
    private static Guid CreateVersion7Core(DateTimeOffset timestamp)
    {
        var milliseconds = timestamp.ToUnixTimeMilliseconds();
        if (milliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), timestamp, "The timestamp must not be before the Unix epoch.");
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, milliseconds);
        time[2..].CopyTo(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0f) | 0x70);
        bytes[8] = (byte)((bytes[8] & 0x3f) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
#endif
