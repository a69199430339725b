namespace IncidentKit.Communication;

/// <summary>Lists the kinds of party a notification can be addressed to.</summary>
public enum RecipientKind
{
    /// <summary>A person (or automated actor) known by <see cref="UserId"/>; channels resolve how to reach them.</summary>
    User = 0,

    /// <summary>A named group, e.g. an assignment group, a chat room or an executive distribution list.</summary>
    Group = 1,

    /// <summary>A literal address a channel understands as is, e.g. an e-mail address.</summary>
    Address = 2,
}
