using System.Diagnostics.Metrics;

namespace IncidentKit.Sqlite;

// How long each group-commit transaction holds SQLite's single write lock, which every durable write of the process (inbox
// receipts included) waits for. Published on the "IncidentKit.Sqlite" meter so an operator, or the alert storm's load generator,
// can see whether receipts wait behind long transactions: a histogram of seconds from BEGIN to the end of COMMIT (the commit's
// fsync included), tagged with the number of writes and whether they were all inbox receipts. Recording costs nothing while no
// listener is enabled.
public sealed partial class SqliteIncidentStore
{
    internal const string MeterName = "IncidentKit.Sqlite";
    internal const string TransactionDurationName = "incidentkit.sqlite.transaction.duration";
    internal const string WritesCountTag = "incidentkit.sqlite.writes.count";
    internal const string ReceiptsOnlyTag = "incidentkit.sqlite.receipts_only";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> TransactionDuration = Meter.CreateHistogram<double>(TransactionDurationName, "s",
        "How long a group-commit transaction held SQLite's write lock, from BEGIN to the end of COMMIT.");

    private static void RecordTransaction(TimeSpan held, int writes, bool receiptsOnly)
    {
        if (TransactionDuration.Enabled)
        {
            TransactionDuration.Record(held.TotalSeconds, new(WritesCountTag, writes), new(ReceiptsOnlyTag, receiptsOnly));
        }
    }
}
