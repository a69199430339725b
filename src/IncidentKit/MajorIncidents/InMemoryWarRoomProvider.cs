using System.Collections.Concurrent;
using Ardalis.GuardClauses;

namespace IncidentKit.MajorIncidents;

/// <summary>Opens war rooms in memory, for tests, demos and hosts without a chat system: one room per idempotency key.</summary>
/// <threadsafety>This type is thread-safe.</threadsafety>
public sealed class InMemoryWarRoomProvider : IWarRoomProvider
{
    private readonly ConcurrentDictionary<string, WarRoom> _rooms = new(StringComparer.Ordinal);
    private readonly Uri _linkBase;
    private int _failuresLeft;
    private int _calls;

    /// <summary>Initializes the provider.</summary>
    /// <param name="linkBase">The address room names are appended to; <see langword="null"/> takes <c>https://war-room.invalid/</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="linkBase"/> is not absolute.</exception>
    public InMemoryWarRoomProvider(Uri? linkBase = null)
    {
        linkBase ??= new Uri("https://war-room.invalid/");
        if (!linkBase.IsAbsoluteUri)
        {
            throw new ArgumentException("Expected an absolute address.", nameof(linkBase));
        }

        _linkBase = linkBase.AbsoluteUri.EndsWith('/') ? linkBase : new Uri(linkBase.AbsoluteUri + "/");
    }

    /// <summary>Gets the rooms opened so far, by idempotency key.</summary>
    public IReadOnlyDictionary<string, WarRoom> Rooms => _rooms;

    /// <summary>Gets how many calls were made, successful or not.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Makes the next <paramref name="count"/> calls fail, to rehearse the worker's retries.</summary>
    /// <param name="count">How many calls fail, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, Guard.Against.Negative(count));

    /// <inheritdoc />
    public ValueTask<WarRoom> OpenAsync(WarRoomRequest request, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(request);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            throw new WarRoomException("The in-memory war room provider was told to fail this call.");
        }

        Interlocked.Exchange(ref _failuresLeft, 0);
        var room = _rooms.GetOrAdd(request.IdempotencyKey, _ =>
        {
            var name = $"inc-{request.Incident.Value:N}"[..12];
            return new WarRoom(name, new Uri(_linkBase, name));
        });
        return ValueTask.FromResult(room);
    }
}
