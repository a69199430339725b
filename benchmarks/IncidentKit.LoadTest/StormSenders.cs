// The alert storm's senders, and what each request saw.
//
// Closed loop (the default): each sender posts its next alert as soon as the last one is answered, so the run finds the rate the
// host sustains; a request's latency counts from the moment it was sent. Open loop (--storm-rate R): alert k is due at
// start + k / R whatever the host does; a free sender takes the next alert, waits for its due time and sends it, and its latency
// counts from the due time. When the host stalls, the alerts the busy senders could not send on time are charged the wait, as
// a real monitoring system's would be (coordinated omission corrected, as wrk2 does); a closed loop would send fewer alerts
// during the stall and hide it.
//
// Every request's due, start and end times are kept (Stopwatch ticks: CLOCK_MONOTONIC on Linux, the same clock in every process
// on the machine), so the run can show latency over time and line it up against the host's processing rounds.
using System.Diagnostics;
using System.Globalization;
using System.Text;

internal sealed class StormSenders
{
    private readonly long[] _due;
    private readonly long[] _end;
    private readonly bool[] _ok;

    private StormSenders(int alerts)
    {
        _due = new long[alerts];
        _end = new long[alerts];
        _ok = new bool[alerts];
    }

    public PhaseResult Result { get; private set; } = null!;

    // The alerts sent (closed loop: before the time limit; open loop: those due before it), in order.
    private int[] _sent = [];

    public double? Rate { get; private init; }

    public static async Task<StormSenders> RunAsync(int senders, int alerts, TimeSpan limit, double? rate, Func<long, Task<bool>> send, Process server)
    {
        var run = new StormSenders(alerts) { Rate = rate };
        var next = -1L;
        server.Refresh();
        var serverCpu = server.TotalProcessorTime;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var databaseCpu = DatabaseCpu.Current is { } probe ? await probe.SnapshotAsync() : null;
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var k && k < alerts)
            {
                long due;
                if (rate is { } r)
                {
                    due = started + (long)(k * Stopwatch.Frequency / r);
                    if (due >= deadline)
                    {
                        break;
                    }

                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }
                }
                else
                {
                    due = Stopwatch.GetTimestamp();
                    if (due >= deadline)
                    {
                        break;
                    }
                }

                bool ok;
                try
                {
                    ok = await send(k);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    ok = false;
                }

                run._due[k] = due;
                run._ok[k] = ok;
                Volatile.Write(ref run._end[k], Stopwatch.GetTimestamp());
            }
        })));
        var elapsed = Stopwatch.GetElapsedTime(started);
        server.Refresh();
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        run._sent = Enumerable.Range(0, alerts).Where(k => run._end[k] != 0).ToArray();
        var latencies = run._sent.Select(k => run._end[k] - run._due[k]).ToArray();
        Array.Sort(latencies);
        run.Result = new PhaseResult(run._sent.Length, run._sent.Count(k => !run._ok[k]), elapsed, latencies,
            (server.TotalProcessorTime - serverCpu).TotalSeconds / elapsed.TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).TotalSeconds / elapsed.TotalSeconds, load,
            databaseCpu is null ? double.NaN : (await DatabaseCpu.Current!.SinceAsync(databaseCpu)).TotalSeconds / elapsed.TotalSeconds);
        return run;
    }

    // Latency over time: p99 (and the worst) of the alerts due in each second of the run.
    public string SlicesRow(string store)
    {
        var text = new StringBuilder();
        var first = _due[0];
        foreach (var slice in _sent.GroupBy(k => (_due[k] - first) / Stopwatch.Frequency).OrderBy(g => g.Key))
        {
            var sorted = slice.Select(k => Ms(_end[k] - _due[k])).Order().ToArray();
            text.Append(CultureInfo.InvariantCulture, $"{(text.Length == 0 ? "" : ", ")}{Percentile(sorted, 0.99):F0}/{sorted[^1]:F0}");
        }

        return Line(store, $"storm latency per 1-s slice of the run, p99/max ms: {text}");
    }

    // The requests whose time in flight overlapped one of the host's processing rounds, against those that overlapped none, and
    // the rounds themselves (each a start and end timestamp and the records it processed).
    public string RoundsRow(string store, IReadOnlyList<(long Start, long End, long Records)> rounds)
    {
        var busy = rounds.Where(r => r.Records > 0 && r.End > _due[0]).OrderBy(r => r.Start).ToArray();
        var starts = busy.Select(r => r.Start).ToArray();
        var during = new List<double>();
        var outside = new List<double>();
        foreach (var k in _sent)
        {
            // The last round starting before this request ended; rounds never overlap one another (one worker).
            var i = Array.BinarySearch(starts, _end[k]);
            i = i >= 0 ? i : ~i - 1;
            (i >= 0 && busy[i].End > _due[k] ? during : outside).Add(Ms(_end[k] - _due[k]));
        }

        during.Sort();
        outside.Sort();
        var roundMs = busy.Select(r => Ms(r.End - r.Start)).Order().ToArray();
        var window = Ms(_sent.Max(k => _end[k]) - _due[0]);
        return Line(store, string.Create(CultureInfo.InvariantCulture,
            $"storm requests overlapping a processing round: {during.Count:N0} ({during.Count * 100.0 / Math.Max(1, _sent.Length):F0} %), p50 {Percentile(during, 0.5):F1} / p99 {Percentile(during, 0.99):F1} ms; overlapping none: {outside.Count:N0}, p50 {Percentile(outside, 0.5):F1} / p99 {Percentile(outside, 0.99):F1} ms. Rounds while sending: {busy.Length}, {busy.Sum(r => r.Records):N0} records, each {Percentile(roundMs, 0.5):F0} ms (p50) / {(roundMs.Length == 0 ? 0 : roundMs[^1]):F0} ms (max), busy {roundMs.Sum() * 100 / window:F0} % of the time; the first rounds (start s: ms, records): {string.Join(", ", busy.Take(8).Select(r => $"{Ms(r.Start - _due[0]) / 1000:F1}: {Ms(r.End - r.Start):F0}, {r.Records:N0}"))}"));
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Line(string store, string text)
    {
        var line = $"| {store} | {text} | | | | | | | | | |";
        Console.WriteLine(line);
        return line;
    }
}
