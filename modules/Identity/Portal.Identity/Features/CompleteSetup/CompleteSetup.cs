using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Web;
using Portal.Identity.Staff;

namespace Portal.Identity.Features.CompleteSetup;

/// <summary>
/// A new account's one-time setup link (printed by <c>clinics add</c> and <c>operators add</c>):
/// choosing a password uses the link up, ends any other session and signs the person in.
/// </summary>
internal sealed record CompleteSetupCommand(string Token, string Password, string? UserAgent) : ICommand<StaffSignedIn>;

[ValidatedAs(typeof(CompleteSetupCommand))]
internal sealed record CompleteSetupRequest(string Token, string Password);

internal sealed class CompleteSetupValidator : AbstractValidator<CompleteSetupCommand>
{
    public CompleteSetupValidator()
    {
        RuleFor(x => x.Token).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Password).NotEmpty().MaximumLength(StaffPasswords.MaxLength);
    }
}

internal sealed class CompleteSetupHandler(
    IDbSession db, StaffPasswords passwords, StaffSessions sessions, StaffSignInCompletion completion, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<CompleteSetupCommand, Result<StaffSignedIn>>
{
    public async Task<Result<StaffSignedIn>> Handle(CompleteSetupCommand request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = SecureTokens.Hash(request.Token);
        var user = await db.QuerySingleOrDefaultAsync<StaffUser>(
            $"""
            select {string.Join(", ", StaffUser.Columns.Split(", ").Select(column => "u." + column))}
            from identity.setup_tokens t
            join identity.staff_users u on u.id = t.user_id
            where t.token_hash = @hash and t.used_at is null and t.expires_at > @now and u.disabled_at is null
            for update of t
            """,
            new { hash, now },
            cancellationToken);
        if (user is null)
        {
            return Error.Validation("setup_link_invalid", "This setup link has been used or has expired. Ask for a new one.");
        }

        var weakness = StaffPasswords.Weakness(request.Password, user.Email);
        if (weakness is not null)
        {
            return Error.Field("password", "weak_password", weakness);
        }

        await db.ExecuteAsync(
            """
            update identity.staff_users set password_hash = @passwordHash, password_changed_at = @now where id = @id;
            update identity.setup_tokens set used_at = @now where token_hash = @hash;
            """,
            new { passwordHash = passwords.Hash(request.Password), now, id = user.Id, hash },
            cancellationToken);
        await sessions.EndAllForUserAsync(user.Id, "password_changed", now, cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("identity.staff.password_set", user.ClinicId, "staff_user", user.Id.ToString())
            {
                Actor = StaffActors.Of(user),
            },
            cancellationToken);
        return await completion.CompleteAsync(user, "setup_link", now, request.UserAgent, cancellationToken);
    }
}

internal sealed class CompleteSetupEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost("/api/staff/setup", Handle)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.SignIn)
            .WithTags("Staff")
            .WithName("CompleteStaffSetup")
            .WithSummary("Sets a new account's password from its one-time setup link and signs it in.")
            .ProducesProblems(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<Ok<StaffProfile>, ErrorHttpResult>> Handle(
        CompleteSetupRequest body, IMediator mediator, HttpContext context)
    {
        var result = await mediator.Send(
            new CompleteSetupCommand(body.Token, body.Password, context.Request.Headers.UserAgent.ToString()), context.RequestAborted);
        return result.ToSignInResponse(context.Response);
    }
}
