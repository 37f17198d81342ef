using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Identity.Contracts;
using Portal.Identity.Notifications;
using Portal.Identity.Patients;
using Portal.Identity.Staff;
using Portal.Notifications;
using Portal.Shared.Auditing;
using Portal.Shared.Caching;
using Portal.Shared.Database;
using Portal.Shared.Modules;
using Portal.Shared.Security;

namespace Portal.Identity;

/// <summary>Staff and operator accounts, their sign-in and sessions, and the authorization policies other modules use.</summary>
public sealed class IdentityModule : IPortalModule
{
    public string Name => "Identity";

    public string Schema => "identity";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StaffSessionOptions>(configuration.GetSection("Identity:StaffSessions"));
        services.AddOptions<StaffPasswordOptions>().Bind(configuration.GetSection("Identity:StaffPasswords")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StaffPasswordOptions>, StaffPasswordOptionsValidation>();
        services.AddSingleton<StaffPasswords>();
        services.AddScoped<StaffSessions>();
        services.AddScoped<SignInThrottle>();
        services.AddScoped<StaffSignInCompletion>();
        services.AddScoped<IStaffAccounts, StaffAccounts>();
        services.AddSingleton<StaffNamesCache>();
        services.AddSingleton<IDatabaseNotificationSubscriber>(provider =>
            new ClinicCacheInvalidation(provider.GetRequiredService<StaffNamesCache>(), StaffNamesCache.ChannelName));
        services.AddSingleton<INotificationTemplateSource, IdentityTemplates>();
        services.Configure<PatientSessionOptions>(configuration.GetSection("Identity:PatientSessions"));
        services.AddSingleton<PasscodeHasher>();
        services.AddScoped<PatientSignInAttempts>();
        services.AddScoped<PatientSessions>();
        services.AddScoped<PatientSignInCompletion>();
        services.AddScoped<PatientLinkStore>();
        services.AddScoped<IPatientLinks, Features.PatientLinks.PatientLinkIssuer>();
        services.AddSingleton<IContactPasscodes, Features.ContactPasscodes.ContactPasscodes>();

        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, StaffSessionAuthenticationHandler>(StaffSessionAuthenticationHandler.SchemeName, _ => { })
            .AddScheme<AuthenticationSchemeOptions, PatientSessionAuthenticationHandler>(PatientSessionAuthenticationHandler.SchemeName, _ => { });
        services.AddScoped<IAuthorizationHandler, ClinicStaffRequirementHandler>();
        services.AddScoped<IAuthorizationHandler, ClinicPatientRequirementHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ClinicMember, policy => ClinicStaff(policy, StaffRoles.Owner, StaffRoles.Admin, StaffRoles.Staff))
            .AddPolicy(Policies.ClinicManager, policy => ClinicStaff(policy, StaffRoles.Owner, StaffRoles.Admin))
            .AddPolicy(Policies.ClinicOwner, policy => ClinicStaff(policy, StaffRoles.Owner))
            .AddPolicy(Policies.Operator, policy => policy
                .AddAuthenticationSchemes(StaffSessionAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireClaim(PortalClaims.ActorKind, nameof(ActorKind.Operator)))
            .AddPolicy(Policies.ClinicPatient, policy => policy
                .AddAuthenticationSchemes(PatientSessionAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new ClinicPatientRequirement()));
    }

    private static void ClinicStaff(AuthorizationPolicyBuilder policy, params string[] roles) =>
        policy.AddAuthenticationSchemes(StaffSessionAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new ClinicStaffRequirement(roles));
}
