using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IncidentKit.Incidents.Events;

namespace IncidentKit.Storage;

// Implementation note: the event contract allows the "type" discriminator anywhere in the object
// (AllowOutOfOrderMetadataProperties, for PostgreSQL jsonb), so System.Text.Json's polymorphic path scans every object for it
// before reading it. Everything this serializer writes, and everything SQLite keeps as written, starts with "type", so when the
// first property is a known discriminator (and none follows) the event is read straight with its own type's metadata (the
// discriminator is then an unmapped property, skipped), which saves about a quarter of the CPU on a report's millions of rows. Anything else (another key order, an
// unknown or escaped discriminator, a read that fails) takes the general path, which gives the same event or the documented
// exception.
public static partial class IncidentEventSerializer
{
    private static class DerivedTypes
    {
        // Discriminators bucketed by their UTF-8 length, so a lookup compares only a few short spans and allocates nothing.
        private static readonly (byte[] Name, JsonTypeInfo Info)[][] s_byLength = Build();

        public static JsonTypeInfo? Find(ReadOnlySpan<byte> utf8Json)
        {
            var reader = new Utf8JsonReader(utf8Json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject
                || !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || reader.ValueIsEscaped || !reader.ValueSpan.SequenceEqual("type"u8)
                || !reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped)
            {
                return null;
            }

            // The general path refuses a repeated discriminator, which its own type's metadata would skip as unknown: so take this
            // path only when no other "type" can follow, spelled plainly or with a letter escaped (a \u006x or \u007x escape).
            var name = reader.ValueSpan;
            var rest = utf8Json[(int)reader.BytesConsumed..];
            if (name.Length >= s_byLength.Length || rest.IndexOf("\"type\""u8) >= 0 || rest.IndexOf("\\u006"u8) >= 0 || rest.IndexOf("\\u007"u8) >= 0)
            {
                return null;
            }

            foreach (var (candidate, info) in s_byLength[name.Length])
            {
                if (name.SequenceEqual(candidate))
                {
                    return info;
                }
            }

            return null;
        }

        private static (byte[] Name, JsonTypeInfo Info)[][] Build()
        {
            var context = IncidentEventJsonContext.Default;
            var all = context.IncidentEvent.PolymorphismOptions!.DerivedTypes
                .Select(d => (Name: Encoding.UTF8.GetBytes((string)d.TypeDiscriminator!), Info: context.GetTypeInfo(d.DerivedType)!))
                .ToArray();
            var byLength = new (byte[] Name, JsonTypeInfo Info)[all.Max(d => d.Name.Length) + 1][];
            for (var length = 0; length < byLength.Length; length++)
            {
                byLength[length] = [.. all.Where(d => d.Name.Length == length)];
            }

            return byLength;
        }
    }
}
