namespace IncidentKit.Samples.Web;

/// <summary>Holds the sample's own settings (section <c>Sample</c>; environment variables <c>Sample__AdminKey</c> and so on).</summary>
public sealed class SampleOptions
{
    /// <summary>The development admin key; printed at start. Change it anywhere but on your laptop.</summary>
    public const string DevelopmentAdminKey = "ik_dev_admin_0000000000000000000000";

    /// <summary>The development integration key (role responder, user <c>monitoring</c>); printed at start.</summary>
    public const string DevelopmentIntegrationKey = "ik_dev_integration_00000000000000000";

    /// <summary>Gets or sets the admin's personal API key.</summary>
    public string AdminKey { get; set; } = DevelopmentAdminKey;

    /// <summary>Gets or sets the monitoring integration's API key.</summary>
    public string IntegrationKey { get; set; } = DevelopmentIntegrationKey;

    /// <summary>Gets or sets the demo tenant's id.</summary>
    public string Tenant { get; set; } = "demo";

    /// <summary>Gets or sets whether the demo tenant is seeded on first start.</summary>
    public bool Seed { get; set; } = true;
}
