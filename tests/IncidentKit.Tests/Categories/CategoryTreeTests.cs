using IncidentKit.Categories;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Categories;

public sealed class CategoryTreeTests
{
    private static CategoryTree Taxonomy() => new CategoryTreeBuilder()
        .Add("Hardware", new CategoryDefaults("hardware-team", Impact.Medium, Urgency.Medium))
        .Add("Hardware/Server", new CategoryDefaults(Urgency: Urgency.High))
        .Add("Hardware/Server/Disk", new CategoryDefaults("storage-team"))
        .Add("Software")
        .Add("Software/Database", new CategoryDefaults("dba", Impact.High))
        .Add("Network", new CategoryDefaults("network-team", Impact.High, Urgency.High))
        .Add("Security")
        .Build();

    [Fact]
    public void Build_AddsMissingAncestorsImplicitly()
    {
        var tree = new CategoryTreeBuilder().Add("Hardware/Server/Disk").Build();
        Assert.True(tree.Accepts(new CategoryPath("Hardware")));
        Assert.True(tree.Accepts(new CategoryPath("Hardware/Server")));
        Assert.True(tree.Accepts(new CategoryPath("hardware/server/DISK")));
        Assert.False(tree.Accepts(new CategoryPath("Hardware/Server/Memory")));
        Assert.Equal(3, tree.Categories.Count());
        Assert.False(tree.AcceptsAnyCategory);
    }

    [Fact]
    public void TryGetDefaults_InheritsEachValueFromTheNearestAncestorThatSetsIt()
    {
        var tree = Taxonomy();
        Assert.True(tree.TryGetDefaults(new CategoryPath("Hardware/Server/Disk"), out var disk));
        Assert.Equal(new CategoryDefaults("storage-team", Impact.Medium, Urgency.High), disk);

        Assert.True(tree.TryGetDefaults(new CategoryPath("Hardware/Server"), out var server));
        Assert.Equal(new CategoryDefaults("hardware-team", Impact.Medium, Urgency.High), server);

        Assert.True(tree.TryGetDefaults(new CategoryPath("Security"), out var security));
        Assert.Equal(CategoryDefaults.None, security);

        Assert.False(tree.TryGetDefaults(new CategoryPath("Facilities"), out var none));
        Assert.Null(none);
    }

    [Fact]
    public void Add_ParentDefaultsAfterChild_StillInherited()
    {
        var tree = new CategoryTreeBuilder()
            .Add("Hardware/Server")
            .Add("Hardware", new CategoryDefaults("hardware-team"))
            .Build();
        Assert.True(tree.TryGetDefaults(new CategoryPath("Hardware/Server"), out var server));
        Assert.Equal("hardware-team", server.AssignmentGroup);
    }

    [Fact]
    public void Add_DefaultsTwice_Throws()
    {
        var builder = new CategoryTreeBuilder().Add("Network", new CategoryDefaults("net"));
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => builder.Add("network", new CategoryDefaults("other"))).ParamName);
        builder.Add("Network"); // re-adding without defaults keeps them
        Assert.True(builder.Build().TryGetDefaults(new CategoryPath("Network"), out var d));
        Assert.Equal("net", d.AssignmentGroup);
    }

    [Fact]
    public void Open_AcceptsAnyCategoryAndGivesNoDefaults()
    {
        Assert.True(CategoryTree.Open.AcceptsAnyCategory);
        Assert.True(CategoryTree.Open.Accepts(new CategoryPath("Anything/At/All")));
        Assert.False(CategoryTree.Open.TryGetDefaults(new CategoryPath("Anything"), out _));
    }

    [Fact]
    public void Open_CategoryWithDefaults_FillsImpactUrgencyAndGroup()
    {
        var rules = new IncidentRules(categories: Taxonomy());
        var details = new NewIncident { Title = "Disk failing on db-3", Category = new CategoryPath("Hardware/Server/Disk") };
        var incident = Incident.Open(IncidentId.New(), Tenant, details, T0, Alice, rules);
        Assert.Equal(Impact.Medium, incident.Impact);
        Assert.Equal(Urgency.High, incident.Urgency);
        Assert.Equal(Priority.P2, incident.Priority);
        Assert.Equal("storage-team", incident.AssignmentGroup);
    }

    [Fact]
    public void Open_ExplicitValues_WinOverCategoryDefaults()
    {
        var rules = new IncidentRules(categories: Taxonomy());
        var details = new NewIncident
        {
            Title = "Disk failing on db-3",
            Category = new CategoryPath("Hardware/Server/Disk"),
            Impact = Impact.Low,
            Urgency = Urgency.Low,
            AssignmentGroup = "night-shift",
        };
        var incident = Incident.Open(IncidentId.New(), Tenant, details, T0, Alice, rules);
        Assert.Equal(Priority.P5, incident.Priority);
        Assert.Equal("night-shift", incident.AssignmentGroup);
    }

    [Fact]
    public void Open_NoImpactAndNoCategoryDefault_ThrowsNamingDetails()
    {
        var rules = new IncidentRules(categories: Taxonomy());
        var details = new NewIncident { Title = "Phishing mail", Category = new CategoryPath("Security"), Urgency = Urgency.High };
        var ex = Assert.Throws<ArgumentException>(() => Incident.Open(IncidentId.New(), Tenant, details, T0, Alice, rules));
        Assert.Equal("details", ex.ParamName);
        Assert.Contains("impact", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_CategoryNotInAClosedTaxonomy_IsRefused()
    {
        var rules = new IncidentRules(categories: Taxonomy());
        var details = Details() with { Category = new CategoryPath("Facilities/Coffee") };
        var ex = Assert.Throws<ArgumentException>(() => Incident.Open(IncidentId.New(), Tenant, details, T0, Alice, rules));
        Assert.Equal("details.Category", ex.ParamName);
        Assert.Contains("Facilities/Coffee", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnsetCategory_IsRefusedEvenWithAnOpenTaxonomy()
    {
        // An empty path cannot be stored (the serializer cannot read it back), so it is refused up front.
        var details = Details() with { Category = default(CategoryPath) };
        var ex = Assert.ThrowsAny<ArgumentException>(() => Incident.Open(IncidentId.New(), Tenant, details, T0, Alice));
        Assert.Equal("details.Category", ex.ParamName);
    }

    [Fact]
    public void Recategorise_IntoCategoryWithDefaults_AppliesTheGroupWhenNoneIsSet()
    {
        var rules = new IncidentRules(categories: Taxonomy());
        var incident = Incident.Open(IncidentId.New(), Tenant, Details(), T0, Alice, rules);
        Assert.Null(incident.AssignmentGroup);

        incident.Recategorise(new CategoryPath("Software/Database"), "it is the database", At(1), Bob);
        Assert.Equal(new CategoryPath("Software/Database"), incident.Category);
        Assert.Equal("dba", incident.AssignmentGroup);

        // A group already set is kept: the documented rule is that the default applies only when none is set.
        incident.Recategorise(new CategoryPath("Network"), null, At(2), Bob);
        Assert.Equal("dba", incident.AssignmentGroup);

        // Impact and urgency already assessed are not replaced by the new category's defaults.
        Assert.Equal(Impact.High, incident.Impact);
        Assert.Equal(Urgency.Medium, incident.Urgency);
    }

    [Fact]
    public void Recategorise_IntoCategoryNotInTheTaxonomy_IsRefusedAndRecordsNothing()
    {
        var rules = new IncidentRules(categories: Taxonomy());
        var incident = Incident.Open(IncidentId.New(), Tenant, Details(), T0, Alice, rules);
        var ex = Assert.Throws<ArgumentException>(() => incident.Recategorise(new CategoryPath("Facilities"), null, At(1), Bob));
        Assert.Equal("category", ex.ParamName);
        Assert.Single(incident.Events);
    }

    [Fact]
    public void Recategorise_UnsetCategory_Throws()
    {
        var incident = Open();
        Assert.Equal("category", Assert.ThrowsAny<ArgumentException>(() => incident.Recategorise(default, null, At(1), Bob)).ParamName);
    }
}
