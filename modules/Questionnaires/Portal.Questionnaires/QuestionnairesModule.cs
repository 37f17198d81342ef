using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Questionnaires.Features.MyQuestionnaires;
using Portal.Questionnaires.Features.PreVisitTasks;
using Portal.Questionnaires.Library;
using Portal.Shared.Modules;

namespace Portal.Questionnaires;

/// <summary>The clinic's questionnaire library (FHIR R4), pre-visit questionnaires on appointment types, and patients' answers into the chart.</summary>
public sealed class QuestionnairesModule : IPortalModule
{
    public string Name => "Questionnaires";

    public string Schema => "questionnaires";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<LibraryStore>();
        services.AddScoped<StarterQuestionnaires>();
        services.AddScoped<PreVisitTaskStore>();
        services.AddScoped<ResponseStore>();
        services.AddScoped<SentStore>();
        services.AddScoped<MyTaskFinder>();
    }
}
