using System.Reflection;
using System.Runtime.CompilerServices;
using IncidentKit.Notifications;
using IncidentKit.PostgreSql;
using IncidentKit.Sqlite;
using IncidentKit.Storage;
using IncidentKit.Testing;

namespace IncidentKit.Hosting.Tests;

// The package graph, read from the built assemblies: a tool that wants only a store gets the core, the builder contract and the
// DI/options abstractions, never the hosting stack; and no shipped package reaches into another one's internals.
public sealed class PackageGraphTests
{
    private static readonly Assembly[] Shipped =
    [
        typeof(IIncidentKitStore).Assembly,
        typeof(IncidentKitBuilder).Assembly,
        typeof(IncidentKitOptions).Assembly,
        typeof(SqliteIncidentStore).Assembly,
        typeof(PostgreSqlIncidentStore).Assembly,
        typeof(NotificationDispatcher).Assembly,
        typeof(IncidentKitTestHost).Assembly,
    ];

    public static TheoryData<string> Stores => [typeof(SqliteIncidentStore).Assembly.GetName().Name!, typeof(PostgreSqlIncidentStore).Assembly.GetName().Name!];

    [Theory]
    [MemberData(nameof(Stores))]
    public void References_StoreAssembly_CoreBuilderContractAndAbstractionsOnly(string store)
    {
        var assembly = Shipped.Single(a => a.GetName().Name == store);
        string[] allowed =
        [
            "IncidentKit", "IncidentKit.Hosting.Abstractions", "NodaTime", "Ardalis.GuardClauses",
            "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Options",
            "Microsoft.Data.Sqlite", "SQLitePCLRaw.core", "Npgsql",
        ];

        var outside = assembly.GetReferencedAssemblies().Select(r => r.Name!)
            .Where(n => !n.StartsWith("System", StringComparison.Ordinal) && n is not "netstandard" and not "mscorlib")
            .Except(allowed)
            .ToList();

        Assert.Empty(outside);
        Assert.DoesNotContain(assembly.GetReferencedAssemblies(), r => r.Name == "IncidentKit.Hosting");
    }

    [Fact]
    public void References_BuilderContract_CoreAndDependencyInjectionAbstractionsOnly()
    {
        var names = typeof(IncidentKitBuilder).Assembly.GetReferencedAssemblies().Select(r => r.Name!)
            .Where(n => !n.StartsWith("System", StringComparison.Ordinal));

        Assert.Equal(["IncidentKit", "Microsoft.Extensions.DependencyInjection.Abstractions", "NodaTime"], names.Order());
    }

    [Fact]
    public void References_Notifications_NoMailKit()
    {
        var names = typeof(NotificationDispatcher).Assembly.GetReferencedAssemblies().Select(r => r.Name);

        Assert.DoesNotContain("MailKit", names);
        Assert.DoesNotContain("MimeKit", names);
    }

    [Fact]
    public void References_Testing_CoreHostingAndNotificationsButNoStoreAndNoTestFramework()
    {
        var names = typeof(IncidentKitTestHost).Assembly.GetReferencedAssemblies().Select(r => r.Name!).ToList();

        Assert.Contains("IncidentKit", names);
        Assert.Contains("IncidentKit.Hosting", names);
        Assert.Contains("IncidentKit.Notifications", names);
        Assert.Contains("Microsoft.Extensions.TimeProvider.Testing", names);
        Assert.DoesNotContain(names, n => n.StartsWith("IncidentKit.Sqlite", StringComparison.Ordinal) || n.StartsWith("IncidentKit.PostgreSql", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.StartsWith("xunit", StringComparison.OrdinalIgnoreCase) || n.StartsWith("NUnit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void References_ShippedPackages_NoneButTestingItselfReferencesTesting()
    {
        var testing = typeof(IncidentKitTestHost).Assembly.GetName().Name;

        Assert.DoesNotContain(Shipped, a => a.GetReferencedAssemblies().Any(r => r.Name == testing));
    }

    [Fact]
    public void InternalsVisibleTo_ShippedAssemblies_NameNoOtherShippedAssembly()
    {
        var shipped = Shipped.Select(a => a.GetName().Name!).ToHashSet();

        var grants = Shipped.SelectMany(a => a.GetCustomAttributes<InternalsVisibleToAttribute>(), (a, v) => $"{a.GetName().Name} -> {v.AssemblyName}")
            .Where(g => shipped.Contains(g[(g.IndexOf("-> ", StringComparison.Ordinal) + 3)..]))
            .ToList();

        Assert.Empty(grants);
    }
}
