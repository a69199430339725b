using IncidentKit.Storage;

namespace IncidentKit.Hosting;

/// <summary>Hears of every change stored through the host's incident service and worker, after the store committed it.</summary>
/// <remarks>Register implementations with <c>TryAddEnumerable</c>; they run on the appending thread, so keep them quick and never
/// throw (a live dashboard feed is the typical observer). Changes stored by other processes are not seen.</remarks>
public interface IIncidentAppendObserver
{
    /// <summary>Receives a committed change.</summary>
    /// <param name="change">The change, as appended.</param>
    /// <param name="version">The stream's version after the append.</param>
    void OnAppended(IncidentChange change, long version);
}
