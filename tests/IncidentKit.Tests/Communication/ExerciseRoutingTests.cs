using IncidentKit.Communication;
using IncidentKit.Incidents;
using IncidentKit.Prioritization;
using NodaTime;
using static IncidentKit.Tests.TestSupport.Fixtures;

namespace IncidentKit.Tests.Communication;

public sealed class ExerciseRoutingTests
{
    private static readonly Recipient Stakeholders = Recipient.ForGroup("stakeholders");
    private static readonly Recipient DrillRoom = Recipient.ForGroup("drill-room");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Incident Open(bool exercise) => Incident.Open(IncidentId.New(), Tenant,
        new NewIncident { Title = "Checkout is down", Impact = Impact.High, Urgency = Urgency.High, Service = "checkout", IsExercise = exercise }, T0, Alice);

    private static NotificationOutboxPlanner Planner(ExerciseRouting? exercises) =>
        new(new NotificationComposer(), new InMemorySubscriptionStore([new Subscription(Tenant, Stakeholders, SubscriptionTarget.ForService("checkout"))]))
        {
            Exercises = exercises,
        };

    private static async Task<List<NotificationMessage>> PlanAsync(NotificationOutboxPlanner planner, Incident incident) =>
        [.. (await planner.PlanAsync(incident, incident.PendingEvents, T0, Token)).Select(r => NotificationMessageSerializer.Deserialize(r.Payload))];

    [Fact]
    public async Task PlanAsync_ExerciseIncidentWithRouting_SendsEachMessageToTheDrillChannelMarked()
    {
        var message = Assert.Single(await PlanAsync(Planner(new ExerciseRouting("drill", [DrillRoom])), Open(exercise: true)));

        Assert.Equal(("drill", DrillRoom), (message.Channel, Assert.Single(message.Recipients)));
        Assert.StartsWith("[EXERCISE] ", message.Subject, StringComparison.Ordinal);
        Assert.StartsWith("[EXERCISE] ", message.Body, StringComparison.Ordinal);
        Assert.True(ExerciseRouting.IsMarked(message));
    }

    [Fact]
    public async Task PlanAsync_RealIncidentWithRouting_LeavesMessagesAsComposed()
    {
        var incident = Open(exercise: false);
        var routed = Assert.Single(await PlanAsync(Planner(new ExerciseRouting("drill", [DrillRoom])), incident));
        var plain = Assert.Single(await PlanAsync(Planner(null), incident));

        Assert.Equal((plain.Channel, plain.Subject, plain.Body, plain.IdempotencyKey), (routed.Channel, routed.Subject, routed.Body, routed.IdempotencyKey));
        Assert.Equal(Stakeholders, Assert.Single(routed.Recipients));
        Assert.False(ExerciseRouting.IsMarked(routed));
    }

    [Fact]
    public async Task FindReasonToDropOrNull_UnmarkedMessageOfExercise_GivesAReason()
    {
        var incident = Open(exercise: true);
        var message = Assert.Single(await PlanAsync(Planner(null), incident));

        Assert.Contains("exercise", incident.FindReasonToDropOrNull(message), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindReasonToDropOrNull_DrillMessageOrRealIncident_KeepsIt()
    {
        var exercise = Open(exercise: true);
        var real = Open(exercise: false);

        Assert.Null(exercise.FindReasonToDropOrNull(Assert.Single(await PlanAsync(Planner(new ExerciseRouting("drill", [DrillRoom])), exercise))));
        Assert.Null(real.FindReasonToDropOrNull(Assert.Single(await PlanAsync(Planner(null), real))));
    }

    [Fact]
    public void Constructor_EmptyChannel_Throws() =>
        Assert.Throws<ArgumentException>("channel", () => new ExerciseRouting(" ", [DrillRoom]));

    [Fact]
    public void Redirect_LongSubject_KeepsWithinTheLimit()
    {
        var long_ = new NotificationMessage("email", Tenant, IncidentId.New(), "opened", [Stakeholders], new string('s', NotificationMessage.MaxSubjectLength), "b",
            null, Priority.P1, "k", T0);

        var redirected = new ExerciseRouting("drill", [DrillRoom]).Redirect(long_);

        Assert.Equal(NotificationMessage.MaxSubjectLength, redirected.Subject.Length);
        Assert.True(ExerciseRouting.IsMarked(redirected));
    }
}
