using System.Runtime.CompilerServices;
using Ardalis.GuardClauses;
using NodaTime;

namespace IncidentKit.Guards;

/// <summary>Adds IncidentKit's own guard clauses to <see cref="IGuardClause"/> (GuardClauses' documented extension point).</summary>
/// <threadsafety>All members are pure and thread-safe.</threadsafety>
public static partial class IncidentKitGuards
{
    /// <summary>Throws when a multi-line text is null, empty, white space, longer than <paramref name="maxLength"/> characters,
    /// or holds a control character other than tab, carriage return and line feed.</summary>
    /// <param name="guardClause">The guard clause entry point.</param>
    /// <param name="input">The text to check.</param>
    /// <param name="maxLength">The largest allowed length.</param>
    /// <param name="parameterName">The parameter's name, filled in by the compiler.</param>
    /// <returns>The text, unchanged.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty, white space or too long, or holds a control character
    /// (see <see cref="ControlCharacters"/>).</exception>
    public static string InvalidText(this IGuardClause guardClause, string? input, int maxLength,
        [CallerArgumentExpression(nameof(input))] string? parameterName = null)
    {
        Guard.Against.NullOrWhiteSpace(input, parameterName);
        if (input.Length > maxLength)
        {
            throw new ArgumentException($"Expected at most {maxLength} characters but got {input.Length}.", parameterName);
        }

        guardClause.ControlCharacters(input, TextLines.MultiLine, parameterName);
        return input;
    }

    /// <summary>Throws when an optional text is given but empty, white space or longer than <paramref name="maxLength"/> characters.</summary>
    /// <param name="guardClause">The guard clause entry point.</param>
    /// <param name="input">The text to check; null is allowed.</param>
    /// <param name="maxLength">The largest allowed length.</param>
    /// <param name="parameterName">The parameter's name, filled in by the compiler.</param>
    /// <returns>The text, unchanged.</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> is empty, white space or too long.</exception>
    public static string? InvalidOptionalText(this IGuardClause guardClause, string? input, int maxLength,
        [CallerArgumentExpression(nameof(input))] string? parameterName = null)
        => input is null ? null : guardClause.InvalidText(input, maxLength, parameterName);

    /// <summary>Throws when a duration is negative.</summary>
    /// <param name="guardClause">The guard clause entry point.</param>
    /// <param name="input">The duration to check.</param>
    /// <param name="parameterName">The parameter's name, filled in by the compiler.</param>
    /// <returns>The duration, unchanged.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="input"/> is negative.</exception>
    public static Duration NegativeDuration(this IGuardClause guardClause, Duration input,
        [CallerArgumentExpression(nameof(input))] string? parameterName = null)
    {
        if (input < Duration.Zero)
        {
            throw new ArgumentOutOfRangeException(parameterName, input, "Expected a duration of zero or more.");
        }

        return input;
    }

    /// <summary>Throws when a value is the default of its type (an identifier that was never set).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="guardClause">The guard clause entry point.</param>
    /// <param name="input">The value to check.</param>
    /// <param name="parameterName">The parameter's name, filled in by the compiler.</param>
    /// <returns>The value, unchanged.</returns>
    /// <exception cref="ArgumentException"><paramref name="input"/> is the default value.</exception>
    public static T Unset<T>(this IGuardClause guardClause, T input,
        [CallerArgumentExpression(nameof(input))] string? parameterName = null)
        where T : struct, IEquatable<T>
    {
        if (input.Equals(default))
        {
            throw new ArgumentException($"Expected a {typeof(T).Name} that was set, but got its default value.", parameterName);
        }

        return input;
    }
}
