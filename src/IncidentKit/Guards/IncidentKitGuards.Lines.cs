using System.Globalization;
using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;

namespace IncidentKit.Guards;

// One rule for control characters in every text the domain accepts, so that every store keeps what another keeps: SQLite and
// memory would store a NUL that PostgreSQL refuses (text and jsonb cannot hold U+0000), and other control characters corrupt
// logs, mail headers and one-line displays.
public static partial class IncidentKitGuards
{
    /// <summary>Throws when a single-line text (a title, a name, a key) is null, empty, white space, longer than
    /// <paramref name="maxLength"/> characters, or holds a control character other than tab and line feed.</summary>
    /// <param name="guardClause">The guard clause entry point.</param>
    /// <param name="input">The text to check.</param>
    /// <param name="maxLength">The largest allowed length.</param>
    /// <param name="parameterName">The parameter's name, filled in by the compiler.</param>
    /// <returns>The text, unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty, white space or too long, or holds a control character
    /// (see <see cref="ControlCharacters"/>).</exception>
    public static string InvalidLine(this IGuardClause guardClause, string? input, int maxLength,
        [CallerArgumentExpression(nameof(input))] string? parameterName = null)
    {
        Guard.Against.NullOrWhiteSpace(input, parameterName);
        if (input.Length > maxLength)
        {
            throw new ArgumentException($"Expected at most {maxLength} characters but got {input.Length}.", parameterName);
        }

        guardClause.ControlCharacters(input, TextLines.OneLine, parameterName);
        return input;
    }

    /// <summary>Throws when an optional single-line text is given but fails <see cref="InvalidLine"/>.</summary>
    /// <param name="guardClause">The guard clause entry point.</param>
    /// <param name="input">The text to check; null is allowed.</param>
    /// <param name="maxLength">The largest allowed length.</param>
    /// <param name="parameterName">The parameter's name, filled in by the compiler.</param>
    /// <returns>The text, unchanged.</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty, white space or too long, or holds a control character.</exception>
    public static string? InvalidOptionalLine(this IGuardClause guardClause, string? input, int maxLength,
        [CallerArgumentExpression(nameof(input))] string? parameterName = null)
        => input is null ? null : guardClause.InvalidLine(input, maxLength, parameterName);

    /// <summary>Throws when a text holds a control character (<see cref="char.IsControl(char)"/>: U+0000 to U+001F and U+007F to
    /// U+009F) other than those its kind of text allows: tab and line feed in single-line text, tab, carriage return and line
    /// feed in multi-line text.</summary>
    /// <param name="guardClause">The guard clause entry point.</param>
    /// <param name="input">The text to check; null passes.</param>
    /// <param name="lines">Whether the text is a single line (a title, a name) or free text (a note, a description).</param>
    /// <param name="parameterName">The parameter's name, filled in by the compiler.</param>
    /// <returns>The text, unchanged.</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> holds a control character that <paramref name="lines"/> does not
    /// allow; the message gives its code point and position.</exception>
    public static string? ControlCharacters(this IGuardClause guardClause, string? input, TextLines lines,
        [CallerArgumentExpression(nameof(input))] string? parameterName = null)
    {
        if (input is null)
        {
            return null;
        }

        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (char.IsControl(c) && c != '\t' && c != '\n' && !(c == '\r' && lines == TextLines.MultiLine))
            {
                var allowed = lines == TextLines.MultiLine ? "tab, carriage return and line feed" : "tab and line feed";
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Expected no control character other than {allowed}, but found U+{(int)c:X4} at position {i}."), parameterName);
            }
        }

        return input;
    }
}
