using Carter;
using System.Reflection;
using System.Security.Claims;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Shared.Auditing;
using Portal.Shared.Security;

namespace Portal.Shared.Jobs;

/// <summary>The Hangfire Dashboard as the operators' jobs dashboard (feature O1), at <c>/admin/hangfire</c>.</summary>
internal sealed class JobsDashboardEndpoints : ICarterModule
{
    public const string Path = "/admin/hangfire";

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var options = new DashboardOptions
        {
            AppPath = "/admin/",
            DashboardTitle = "Portal jobs",
            Authorization = [],
            AsyncAuthorization = [new OperatorDashboardAuthorization()],
            DisplayNameFunc = (_, job) => job.Type.GetCustomAttribute<RecurringJobAttribute>() is { } declared
                ? $"{declared.Name}: {declared.Description}"
                : job.ToString(),
        };
        var dashboard = app.CreateApplicationBuilder()
            .UsePathBase(Path)
            .UseMiddleware<DashboardActionAudit>()
            .UseMiddleware<Hangfire.Dashboard.AspNetCoreDashboardMiddleware>(app.ServiceProvider.GetRequiredService<JobStorage>(), options, DashboardRoutes.Routes)
            .Build();
        app.Map(Path + "/{**path}", dashboard).ExcludeFromDescription();
    }
}

/// <summary>
/// Lets operators in, by their staff session and the Operator policy: Hangfire answers 401 to those not
/// signed in and 403 to everyone else, on every dashboard address.
/// </summary>
internal sealed class OperatorDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    private const string OperatorKey = "Portal.Jobs.Operator";

    /// <summary>The operator this filter let in, for the audit of what they do.</summary>
    public static ClaimsPrincipal? OperatorOf(HttpContext http) => http.Items[OperatorKey] as ClaimsPrincipal;

    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var unauthenticated = http.User;
        var policy = await http.RequestServices.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(Policies.Operator)
            ?? throw new InvalidOperationException($"The {Policies.Operator} policy is not registered.");
        var evaluator = http.RequestServices.GetRequiredService<IPolicyEvaluator>();
        // Authenticating with the policy's scheme (the staff session) also sets the request's user.
        var authentication = await evaluator.AuthenticateAsync(policy, http);
        var authorization = await evaluator.AuthorizeAsync(policy, authentication, http, resource: null);
        if (authorization.Succeeded)
        {
            // Hangfire checks the antiforgery token after this filter, for the request's user; Portal never
            // binds tokens to a user (AntiforgeryValidation), so the page's token was issued to nobody.
            http.Items[OperatorKey] = http.User;
            http.User = unauthenticated;
        }

        return authorization.Succeeded;
    }
}

/// <summary>Records each action an operator takes on the dashboard (trigger, delete, requeue…) once it succeeded.</summary>
internal sealed class DashboardActionAudit(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (!HttpMethods.IsPost(context.Request.Method) || context.Response.StatusCode is < 200 or >= 300
            || OperatorDashboardAuthorization.OperatorOf(context) is not { } operatorUser)
        {
            return;
        }

        context.User = operatorUser;

        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var jobs = context.Request.HasFormContentType && context.Request.Form.TryGetValue("jobs[]", out var selected)
            ? selected.ToArray()
            : segments.Length >= 4 && segments[1] == "actions" ? [segments[3]] : [];
        var action = Array.Exists(segments, s => s == "trigger") ? "jobs.triggered"
            : Array.Exists(segments, s => s is "delete" or "remove") ? "jobs.deleted"
            : Array.Exists(segments, s => s == "requeue") ? "jobs.requeued"
            : "jobs.dashboard_action";
        var audit = context.RequestServices.GetRequiredService<IAuditLog>();
        await audit.RecordAsync(
            new AuditEvent(action, null, segments.FirstOrDefault() == "recurring" ? "recurring_job" : "job", string.Join(',', jobs!), new { path = context.Request.Path.Value }),
            context.RequestAborted);
    }
}
