namespace IncidentKit.Configuration;

/// <summary>Describes the holders of one role by service name, "*" standing for every service.</summary>
/// <remarks>An array of user ids on its own stands for <c>{ "*": [ … ] }</c>.</remarks>
/// <threadsafety>Instances are immutable once read and safe to share.</threadsafety>
[ShortForm("*")]
public sealed class EscalationRoleConfiguration : Dictionary<string, IReadOnlyList<string>>
{
}
