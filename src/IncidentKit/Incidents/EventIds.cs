using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace IncidentKit.Incidents;

/// <summary>Makes version 7 GUIDs for events from the event's instant, drawing the random bits from a per-thread buffer.</summary>
/// <remarks>
/// Implementation note: <c>Guid.CreateVersion7(DateTimeOffset)</c> asks the operating system for fresh random bytes on
/// every call, which costs about a microsecond in sandboxed containers and dominated the cost of a command. Here each thread
/// fills a buffer from <see cref="RandomNumberGenerator"/> once per <c>BufferSize / RandomBytes</c> ids, so the 74 random bits
/// are still cryptographically random. The 48-bit millisecond prefix keeps a stream's ids roughly ordered in database
/// indexes; instants before 1970 are clamped to 0 (<c>Guid.CreateVersion7(DateTimeOffset)</c> would throw).
/// No wall clock is read.
/// </remarks>
internal static class EventIds
{
    private const int RandomBytes = 10;
    private const int BufferSize = RandomBytes * 256;

    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static int t_offset;

    internal static Guid NewVersion7(Instant at)
    {
        var buffer = t_buffer;
        var offset = t_offset;
        if (buffer is null || offset > BufferSize - RandomBytes)
        {
            buffer = t_buffer ??= new byte[BufferSize];
            RandomNumberGenerator.Fill(buffer);
            offset = 0;
        }

        t_offset = offset + RandomBytes;
        var random = buffer.AsSpan(offset, RandomBytes);

        // RFC 9562 layout, big-endian: 48-bit Unix milliseconds, version 7 + 12 random bits, variant 10 + 62 random bits.
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, Math.Max(0, at.ToUnixTimeMilliseconds()) << 16);
        bytes[6] = (byte)(0x70 | (random[0] & 0x0F));
        bytes[7] = random[1];
        bytes[8] = (byte)(0x80 | (random[2] & 0x3F));
        random[3..].CopyTo(bytes[9..]);
        return new Guid(bytes, bigEndian: true);
    }

    // A version 8 (custom) GUID made from a SHA-256 of the tenant, the incident id and the fact. Stores keep event ids unique
    // across tenants and callers may choose incident ids, so every deterministic id includes the tenant: two tenants'
    // incidents with one id never share one (tenant B's reminder would otherwise collide with tenant A's). The tenant is
    // length-prefixed, so no tenant name can forge another's prefix.
    internal static Guid Derived(TenantId tenant, IncidentId incident, params string[] parts)
    {
        var name = tenant.Value ?? string.Empty;
        var text = name.Length.ToString(CultureInfo.InvariantCulture) + ":" + name + "\n" + incident.Value.ToString("N") + "\n" + string.Join('\n', parts);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
