namespace IncidentKit.Escalation;

// The one definition of "what comes after this level" shared by the fold, the engine and (for policies) the linter.
internal static class EscalationWalk
{
    public static bool TryGetSuccessor(EscalationPolicySnapshot policy, int index, int round, out int next, out int nextRound)
    {
        var levels = policy.Levels;
        nextRound = round;
        if (levels[index].JumpTo is { } jump && jump >= 1 && jump <= levels.Count)
        {
            next = jump - 1;
            return true;
        }

        if (index + 1 < levels.Count)
        {
            next = index + 1;
            return true;
        }

        next = Math.Clamp(policy.Repeat.FromLevel - 1, 0, levels.Count - 1);
        nextRound = round + 1;
        return policy.Repeat.IsForever || round < policy.Repeat.Count;
    }
}

// A trigger waiting for its step: Cause is the event that raised it; FixedLevel (1-based) is set for "notify management at once";
// Group is the team or role a manual escalation named.
internal readonly record struct PendingTrigger(Guid Cause, NodaTime.Instant At, EscalationTrigger Trigger, EscalationKind Kind, int FixedLevel, string? Reason, string? Group = null);
