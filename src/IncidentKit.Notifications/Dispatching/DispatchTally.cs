namespace IncidentKit.Notifications.Dispatching;

// Counts what one pass did, row by row; only touched inside one DispatchAsync, which runs one pass at a time.
internal sealed class DispatchTally
{
    public int Claimed { get; set; }

    public int Sent { get; set; }

    public int Delivered { get; set; }

    public int Bundled { get; set; }

    public int Duplicates { get; set; }

    public int Postponed { get; set; }

    public int Retrying { get; set; }

    public int Abandoned { get; set; }

    public int RecordingFailures { get; set; }

    public int Dropped { get; set; }

    public DispatchReport ToReport() =>
        new(Claimed, Sent, Delivered, Bundled, Duplicates, Postponed, Retrying, Abandoned, RecordingFailures) { Dropped = Dropped };
}
