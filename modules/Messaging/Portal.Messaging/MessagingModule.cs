using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Messaging.Conversations;
using Portal.Messaging.Features.Bulk;
using Portal.Messaging.Features.UploadRequests;
using Portal.Messaging.Notifications;
using Portal.Notifications;
using Portal.Shared.Modules;

namespace Portal.Messaging;

/// <summary>Secure messages between a clinic and its patients: conversations, replies, drafts and read receipts.</summary>
public sealed class MessagingModule : IPortalModule
{
    public string Name => "Messaging";

    public string Schema => "messaging";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ConversationStore>();
        services.AddScoped<ConversationViews>();
        services.AddScoped<StaffMessageSender>();
        services.AddScoped<Portal.Messaging.Contracts.IPatientMessages, PatientMessages>();
        services.AddScoped<MessageAttachments>();
        services.AddScoped<UploadRequestStore>();
        services.AddScoped<NewMessageAnnouncer>();
        services.AddScoped<BulkMessageStore>();
        services.AddScoped<BulkGroupCounter>();
        services.AddScoped<BulkMessageJob>();
        services.Configure<BulkMessageOptions>(configuration.GetSection("Portal:Messaging:Bulk"));
        services.AddSingleton<INotificationTemplateSource, MessagingTemplates>();
    }
}
