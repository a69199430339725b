using System.Globalization;
using IncidentKit.Simulation.Randomness;
using NodaTime;

namespace IncidentKit.Simulation;

/// <summary>Describes how long something takes in a simulation: a fixed time, a uniform range or a log-normal spread.</summary>
/// <remarks>
/// Samples are rounded to whole seconds, so that a run's output does not hang on the last bit of a logarithm. A log-normal is
/// given by its median and the standard deviation of the logarithm (<c>sigma</c>): half of the draws fall below the median and
/// the tail is long, which is how people's time to answer a page is usually spread.
/// </remarks>
/// <threadsafety>This type is immutable.</threadsafety>
public sealed class DelayDistribution
{
    private DelayDistribution(DelayDistributionKind kind, Duration first, Duration second, double sigma)
    {
        Kind = kind;
        First = first;
        Second = second;
        Sigma = sigma;
    }

    /// <summary>Gets the kind of spread.</summary>
    public DelayDistributionKind Kind { get; }

    /// <summary>Gets the fixed time, the lower bound of a uniform range, or the median of a log-normal.</summary>
    public Duration First { get; }

    /// <summary>Gets the upper bound of a uniform range (equal to <see cref="First"/> otherwise).</summary>
    public Duration Second { get; }

    /// <summary>Gets the standard deviation of the logarithm of a log-normal (0 otherwise).</summary>
    public double Sigma { get; }

    /// <summary>Returns a distribution that always takes the same time.</summary>
    /// <param name="delay">The time, zero or more.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public static DelayDistribution Fixed(Duration delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, Duration.Zero);
        return new(DelayDistributionKind.Fixed, delay, delay, 0);
    }

    /// <summary>Returns a distribution uniform between two times.</summary>
    /// <param name="min">The shortest time, zero or more.</param>
    /// <param name="max">The longest time, at least <paramref name="min"/>.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="min"/> is negative or <paramref name="max"/> is below it.</exception>
    public static DelayDistribution Uniform(Duration min, Duration max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(min, Duration.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        return new(DelayDistributionKind.Uniform, min, max, 0);
    }

    /// <summary>Returns a log-normal distribution with a median and a spread.</summary>
    /// <param name="median">The median, more than zero.</param>
    /// <param name="sigma">The standard deviation of the logarithm, 0 to 3.</param>
    /// <returns>The distribution.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="median"/> is not positive or <paramref name="sigma"/> is outside 0 to 3.</exception>
    public static DelayDistribution LogNormal(Duration median, double sigma)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(median, Duration.Zero);
        if (!(sigma >= 0 && sigma <= 3))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "The log-normal's sigma must be between 0 and 3.");
        }

        return new(DelayDistributionKind.LogNormal, median, median, sigma);
    }

    /// <summary>Returns a short description, such as <c>fixed 2m</c> or <c>lognormal median 4m sigma 0.6</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        DelayDistributionKind.Fixed => "fixed " + SimulationText.Span(First),
        DelayDistributionKind.Uniform => $"uniform {SimulationText.Span(First)}..{SimulationText.Span(Second)}",
        _ => string.Create(CultureInfo.InvariantCulture, $"lognormal median {SimulationText.Span(First)} sigma {Sigma}"),
    };

    // Whole seconds; a log-normal is capped at a week so one extreme draw cannot run a simulation past its horizon forever.
    internal Duration Sample(ref SimulationRandom random)
    {
        switch (Kind)
        {
            case DelayDistributionKind.Fixed:
                return First;
            case DelayDistributionKind.Uniform:
                var span = (Second - First).BclCompatibleTicks / TimeSpan.TicksPerSecond;
                var offset = span <= 0 ? 0 : (long)(random.NextDouble() * (span + 1));
                return First + Duration.FromSeconds(offset);
            default:
                var seconds = First.TotalSeconds * Math.Exp(Sigma * random.NextGaussian());
                return Duration.FromSeconds(Math.Round(Math.Min(seconds, 7 * 86_400.0)));
        }
    }
}
