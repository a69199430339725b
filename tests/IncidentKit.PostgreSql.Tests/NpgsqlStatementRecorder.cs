using System.Collections.Concurrent;
using System.Diagnostics;

namespace IncidentKit.PostgreSql.Tests;

// Records the statements Npgsql executes against one schema, through its own tracing (an activity per executed command; a batch
// counts once). Each test has its own schema, so parallel tests do not count.
internal static class NpgsqlStatementRecorder
{
    // Runs the operation and returns the SQL of every statement Npgsql executed against the schema meanwhile (its db.query.text tag).
    public static async Task<(T Result, List<string> Statements)> StatementsAsync<T>(string schema, Func<Task<T>> operation)
    {
        var seen = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) is string text && text.Contains($"{schema}.", StringComparison.Ordinal))
                {
                    seen.Enqueue(text);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var result = await operation();
        return (result, seen.ToList());
    }
}
