using System.Collections.Concurrent;
using System.Net;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Portal.Messaging.Contracts;
using Portal.Shared.Database;
using static Portal.Messaging.Tests.MessagingApi;

namespace Portal.Messaging.Tests;

/// <summary>
/// Stands in for the patient's notification: on each sent staff message it writes a row in the sending
/// transaction, as the outbox will, and can be told to fail once the row is written.
/// </summary>
public sealed class NotificationStandIn(IDbSession db, NotificationStandIn.Switch failure) : INotificationHandler<StaffMessageSent>
{
    public sealed class Switch
    {
        public bool FailNext { get; set; }

        public ConcurrentQueue<StaffMessageSent> Seen { get; } = new();
    }

    public async Task Handle(StaffMessageSent notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        failure.Seen.Enqueue(notification);
        await db.ExecuteAsync(
            "insert into public.test_notifications (message_id, conversation_id) values (@MessageId, @ConversationId)", notification, cancellationToken);
        if (failure.FailNext)
        {
            failure.FailNext = false;
            throw new InvalidOperationException("The notification could not be queued.");
        }
    }
}

public sealed class SendSeamFixture : IAsyncLifetime
{
    private PortalApp? _app;

    public NotificationStandIn.Switch Notifications { get; } = new();

    public PortalApp App => _app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        _app = await PortalApp.StartAsync(new PortalAppOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton(Notifications);
                services.AddScoped<INotificationHandler<StaffMessageSent>, NotificationStandIn>();
            },
        });
        await _app.ExecuteAsync("create table public.test_notifications (message_id uuid primary key, conversation_id uuid not null)");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>Every staff message goes out through one place, whose side effects commit with the message or not at all (R1).</summary>
public sealed class SendSeamTests(SendSeamFixture fixture) : IClassFixture<SendSeamFixture>
{
    private PortalApp App => fixture.App;

    [Fact]
    public async Task Composing_replying_and_sending_a_draft_each_announce_the_sent_message_once_and_saving_a_draft_does_not()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        var conversationId = await staff.ComposeToAsync(patient);
        using (var reply = await staff.PostJsonAsync(ConversationUrl(clinic, conversationId) + "/messages", new { body = "And one more thing." }))
        {
            await reply.ShouldHaveStatusAsync(HttpStatusCode.Created);
        }

        using var draft = await staff.PostJsonAsync(DraftsUrl(clinic), new { patientId = patient.Id, conversationId = (Guid?)null, subject = "Later", body = "Draft", allowReplies = false });
        await draft.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var draftId = (await draft.ReadJsonAsync()).GetProperty("id").GetGuid();
        (await Rows(conversationId)).ShouldBe(2);
        using var sent = await staff.PostJsonAsync(DraftUrl(clinic, draftId) + "/send", new { });
        await sent.ShouldHaveStatusAsync(HttpStatusCode.Created);
        var second = (await sent.ReadJsonAsync()).GetProperty("id").GetGuid();

        var messages = await App.QueryAsync<Guid>(
            "select id from messaging.messages where clinic_id = @id order by sent_at, id", new { id = clinic.Id });
        var announced = fixture.Notifications.Seen.Where(e => e.ClinicId == clinic.Id).ToList();
        announced.Select(e => e.MessageId).ShouldBe(messages);
        announced.Select(e => (e.ConversationId, e.NewConversation, e.PatientId))
            .ShouldBe([(conversationId, true, patient.Id), (conversationId, false, patient.Id), (second, true, patient.Id)]);
    }

    [Fact]
    public async Task R1_when_queuing_the_notification_fails_the_message_and_everything_it_wrote_roll_back()
    {
        var clinic = await App.OpenClinicAsync();
        var patient = await App.AddPatientAsync(clinic);
        using var staff = await App.SignedInAsync(clinic, clinic.Staff);

        fixture.Notifications.FailNext = true;
        using (var failed = await staff.SendJsonAsync(HttpMethod.Post, ConversationsUrl(clinic), NewMessage(patient.Id)))
        {
            await failed.ShouldBeProblemAsync(HttpStatusCode.InternalServerError);
        }

        (await App.CountAsync("conversations", clinic.Id)).ShouldBe(0);
        (await App.CountAsync("messages", clinic.Id)).ShouldBe(0);
        (await App.QuerySingleAsync<long>(
            "select count(*) from platform.audit_log where clinic_id = @id and action = 'messaging.message.sent'", new { id = clinic.Id })).ShouldBe(0);
        var attempted = fixture.Notifications.Seen.Single(e => e.ClinicId == clinic.Id);
        (await App.QuerySingleAsync<long>("select count(*) from public.test_notifications where message_id = @MessageId", attempted)).ShouldBe(0);

        var id = await staff.ComposeToAsync(patient);
        (await Rows(id)).ShouldBe(1);
    }

    private Task<long> Rows(Guid conversationId) =>
        App.QuerySingleAsync<long>("select count(*) from public.test_notifications where conversation_id = @conversationId", new { conversationId });
}
