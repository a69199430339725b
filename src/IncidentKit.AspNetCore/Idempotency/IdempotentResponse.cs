namespace IncidentKit.AspNetCore.Idempotency;

/// <summary>Holds the first answer to a request made with an <c>Idempotency-Key</c>, to be replayed to its retries.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="ContentType">The content type, or <see langword="null"/>.</param>
/// <param name="ETag">The <c>ETag</c> header, or <see langword="null"/>.</param>
/// <param name="Location">The <c>Location</c> header, or <see langword="null"/>.</param>
/// <param name="Body">The body bytes.</param>
/// <threadsafety>This type is immutable by convention: do not change the body array.</threadsafety>
public sealed record IdempotentResponse(int StatusCode, string? ContentType, string? ETag, string? Location, byte[] Body);
