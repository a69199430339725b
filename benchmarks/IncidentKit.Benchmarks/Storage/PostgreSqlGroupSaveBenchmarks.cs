using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IncidentKit.Alerts;
using IncidentKit.PostgreSql;
using Npgsql;

namespace IncidentKit.Benchmarks.Storage;

// An alert storm's group save on PostgreSQL (issue 13 §6), the store's cost alone: a processing round that changed 500 alerts of
// a group of 2 000 (and one that changed 50), saved as those entries (~200 bytes each, beside a state of ~100 bytes), against
// the old way: the group's whole state as one text (~410 KiB: every alert's entry inside it), what the intake saved per group per
// round before entries. Also the read of either group. Each save is durable (its own commit); mean is per operation.
// BenchmarkDotNet runs each benchmark in a process of its own; at the end the process prints the PostgreSQL backend's CPU per
// call (one connection, so one backend: /proc/<pid>/stat, 10 ms ticks, over every call after setup) and the host's, which a
// shared machine inflates less than the wall clock. Needs INCIDENTKIT_POSTGRES and a server on this machine (for the backend's
// /proc); works in a throwaway schema.
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class PostgreSqlGroupSaveBenchmarks
{
    private const int Alerts = 2000;
    private const int Changed = 500;
    private const int FewChanged = 50;
    private static readonly TenantId Tenant = new("acme");
    private static readonly Dictionary<string, string> NoEntries = [];

    private NpgsqlDataSource _dataSource = null!;
    private string _schema = "";
    private PostgreSqlIncidentStore _store = null!;
    private AlertGroupRecord _whole = null!;
    private AlertGroupRecord _entries = null!;
    private Dictionary<string, string>[] _rounds = [];
    private Dictionary<string, string>[] _smallRounds = [];
    private string[] _wholeStates = [];
    private int _backendPid;
    private long _calls;
    private (double Backend, TimeSpan Host) _start;

    [GlobalSetup]
    public async Task Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable(StorageBench.PostgresVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"Set {StorageBench.PostgresVariable} (e.g. 'Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres') to benchmark PostgreSQL.");
        }

        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 1 }.ToString());
        _schema = $"bench_{Guid.NewGuid():N}";
        _store = new PostgreSqlIncidentStore(_dataSource, new PostgreSqlStoreOptions { Schema = _schema });
        await _store.MigrateAsync();

        // Entries of ~250 bytes, as the intake writes an alert (labels, status, instants, counts); two texts per alert, so that
        // every round really changes the 500 it saves.
        var all = Enumerable.Range(0, Alerts).ToDictionary(Key, i => Entry(i, 0), StringComparer.Ordinal);
        _rounds = [.. Enumerable.Range(0, 8).Select(r => Enumerable.Range(r * Changed % Alerts, Changed).ToDictionary(Key, i => Entry(i, r + 1), StringComparer.Ordinal))];
        _smallRounds = [.. _rounds.Select(r => r.Take(FewChanged).ToDictionary(StringComparer.Ordinal))];
        _wholeStates = [.. Enumerable.Range(0, 2).Select(r => "{\"alerts\":{" + string.Join(',', Enumerable.Range(0, Alerts).Select(i => $"\"{Key(i)}\":{Entry(i, r)}")) + "}," + Padding + "}")];
        _entries = new AlertGroupRecord(Tenant, "entries", 1, "{" + Padding + "}", null) { Entries = all };
        _whole = new AlertGroupRecord(Tenant, "whole", 1, _wholeStates[0], null);
        if (!await _store.SaveGroupAsync(_entries, 0) || !await _store.SaveGroupAsync(_whole, 0))
        {
            throw new InvalidOperationException("The first saves failed.");
        }

        _entries = _entries with { Entries = NoEntries };
        await SaveChangedEntries();
        await SaveWholeState();
        var read = await _store.FindGroupOrNullAsync(Tenant, "entries");
        if (read is null || read.Entries.Count != Alerts || read.Entries[Key(Changed)] != _rounds[1][Key(Changed)] || read.Entries[Key(Alerts - 1)] != all[Key(Alerts - 1)])
        {
            throw new InvalidOperationException("The group's entries did not read back as saved.");
        }

        await using (var pid = _dataSource.CreateCommand("SELECT pg_backend_pid();"))
        {
            _backendPid = (int)(await pid.ExecuteScalarAsync())!;
        }

        _calls = 0;
        _start = (BackendCpuMs(), Process.GetCurrentProcess().TotalProcessorTime);
        Console.WriteLine($"// state text of the whole group: {_wholeStates[0].Length / 1024} KiB; a round's {Changed} entries: {_rounds[0].Sum(e => e.Key.Length + e.Value.Length) / 1024} KiB");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var backend = BackendCpuMs() - _start.Backend;
        var host = (Process.GetCurrentProcess().TotalProcessorTime - _start.Host).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// CPU per call over {_calls} calls: PostgreSQL backend {backend / _calls:F3} ms, host {host / _calls:F3} ms"));
        using (var drop = _dataSource.CreateCommand($"DROP SCHEMA {_schema} CASCADE;"))
        {
            drop.ExecuteNonQuery();
        }

        _dataSource.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task SaveWholeState()
    {
        var next = _whole with { Version = _whole.Version + 1, State = _wholeStates[_whole.Version % 2] };
        await SaveAsync(next, _whole.Version);
        _whole = next;
    }

    [Benchmark]
    public async Task SaveChangedEntries()
    {
        var next = _entries with { Version = _entries.Version + 1, Entries = _rounds[_entries.Version % _rounds.Length] };
        await SaveAsync(next, _entries.Version);
        _entries = next with { Entries = NoEntries };
    }

    // A round that changed 50 alerts of the group (a quieter round: the save's cost follows the entries changed, not the group).
    [Benchmark]
    public async Task SaveFewChangedEntries()
    {
        var next = _entries with { Version = _entries.Version + 1, Entries = _smallRounds[_entries.Version % _smallRounds.Length] };
        await SaveAsync(next, _entries.Version);
        _entries = next with { Entries = NoEntries };
    }

    [Benchmark]
    public async Task<int> FindWholeState()
    {
        _calls++;
        return (await _store.FindGroupOrNullAsync(Tenant, "whole"))!.State.Length;
    }

    [Benchmark]
    public async Task<int> FindEntries()
    {
        _calls++;
        return (await _store.FindGroupOrNullAsync(Tenant, "entries"))!.Entries.Count;
    }

    // Alert keys look like Alertmanager fingerprints (16 hex digits, no order to them).
    private static string Key(int i) => $"{(ulong)i * 0x9E3779B97F4A7C15UL:x16}";

    // An entry as the intake writes one (an alert's status, instants, counts and integration; ~200 bytes), its instants and
    // counts differing from alert to alert and round to round, so that the whole state compresses as a real one would.
    private static string Entry(int i, int round)
    {
        var h = (uint)(i * 2654435761u) ^ (uint)round;
        return $$"""{"status":"{{(round % 3 == 2 ? "Resolved" : "Firing")}}","startsAt":"2026-12-07T12:{{h % 60:D2}}:{{h / 60 % 60:D2}}.{{h % 1000:D3}}Z","lastSeenAt":"2026-12-07T13:{{(h >> 8) % 60:D2}}:{{(h >> 16) % 60:D2}}.{{(h >> 4) % 1000:D3}}Z","occurrences":{{(h % 7) + 1 + round}},"resolvedStartsAt":null,"linkedGeneration":{{1 + (round / 4)}},"integration":"alertmanager-{{h % 5}}"}""";
    }

    private static string Padding => "\"route\":\"default\",\"incident\":\"0193f5a1-6c1e-7d3b-9a4e-2f1c0b8d7e6a\",\"flapping\":false";

    private async Task SaveAsync(AlertGroupRecord group, long expected)
    {
        _calls++;
        if (!await _store.SaveGroupAsync(group, expected))
        {
            throw new InvalidOperationException($"The save of {group.GroupKey} at {expected} lost its compare-and-set.");
        }
    }

    private double BackendCpuMs()
    {
        var fields = File.ReadAllText($"/proc/{_backendPid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }
}
