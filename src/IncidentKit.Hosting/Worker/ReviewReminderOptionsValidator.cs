using Microsoft.Extensions.Options;

namespace IncidentKit.Hosting.Worker;

// Lists every problem of the reminder options at start, instead of the first.
internal sealed class ReviewReminderOptionsValidator : IValidateOptions<ReviewReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReviewReminderOptions options)
    {
        var problems = options.Validate();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
