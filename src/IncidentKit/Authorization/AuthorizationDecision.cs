namespace IncidentKit.Authorization;

/// <summary>Represents an authoriser's answer: allowed, or denied with a reason a person can read.</summary>
/// <remarks>The default value is a denial without a reason.</remarks>
/// <threadsafety>This type is an immutable value type.</threadsafety>
public readonly record struct AuthorizationDecision
{
    private AuthorizationDecision(bool isAllowed, string? reason)
    {
        IsAllowed = isAllowed;
        Reason = reason;
    }

    /// <summary>Gets whether the action is allowed.</summary>
    public bool IsAllowed { get; }

    /// <summary>Gets why the action was denied, or <see langword="null"/> when it is allowed.</summary>
    public string? Reason { get; }

    /// <summary>Gets the decision that allows.</summary>
    public static AuthorizationDecision Allow { get; } = new(true, null);

    /// <summary>Returns a denial.</summary>
    /// <param name="reason">Why, in a sentence.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null or white space.</exception>
    public static AuthorizationDecision Deny(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(false, reason);
    }
}
