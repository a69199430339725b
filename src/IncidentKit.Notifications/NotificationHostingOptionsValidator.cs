using Microsoft.Extensions.Options;

namespace IncidentKit.Notifications;

// Lists every problem of the options at start, the dispatcher's own included.
internal sealed class NotificationHostingOptionsValidator : IValidateOptions<NotificationHostingOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationHostingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
