using System.Globalization;
using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Portal.Identity.Staff;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;
using Portal.Shared.Web;

namespace Portal.Identity.Features.StaffSignIn;

[ValidatedAs(typeof(StaffSignInCommand))]
internal sealed record StaffSignInRequest(string Email, string Password);

/// <summary>
/// Email and password sign-in for a clinic's staff (<paramref name="ClinicId"/> set) or an operator
/// (null). Failures count against what was typed, whether or not such an account exists, and
/// growing lock-outs follow repeated failures. Not an <c>ICommand</c>: its own transaction commits
/// failure counts and audit entries even when the answer is a refusal.
/// </summary>
internal sealed record StaffSignInCommand(Guid? ClinicId, string Email, string Password, string? UserAgent)
    : IRequest<Result<StaffSignedIn>>;

internal sealed class StaffSignInValidator : AbstractValidator<StaffSignInCommand>
{
    public StaffSignInValidator()
    {
        RuleFor(x => x.Email).NotEmpty().MaximumLength(EmailAddresses.MaxLength);
        RuleFor(x => x.Password).NotEmpty().MaximumLength(StaffPasswords.MaxLength);
    }
}

internal sealed class StaffSignInHandler(
    IDbSession db, SignInThrottle throttle, StaffPasswords passwords, StaffSignInCompletion completion, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<StaffSignInCommand, Result<StaffSignedIn>>
{
    public async Task<Result<StaffSignedIn>> Handle(StaffSignInCommand request, CancellationToken cancellationToken)
    {
        var email = EmailAddresses.Normalize(request.Email);
        var throttleKey = request.ClinicId is { } clinicId ? $"staff:{clinicId}:{email}" : $"operator:{email}";
        var now = clock.GetUtcNow();

        await db.BeginTransactionAsync(cancellationToken);
        var lockedFor = await throttle.LockedForAsync(throttleKey, now, cancellationToken);
        if (lockedFor is not null)
        {
            await RecordRefusalAsync(request.ClinicId, email, "locked", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return Locked(lockedFor.Value);
        }

        var user = await db.QuerySingleOrDefaultAsync<StaffUser>(
            $"""
            select {StaffUser.Columns} from identity.staff_users
            where email = @email and clinic_id is not distinct from @ClinicId and disabled_at is null
            """,
            new { email, request.ClinicId },
            cancellationToken);
        var (verified, needsRehash) = passwords.Verify(user?.PasswordHash, request.Password);
        if (!verified)
        {
            var lockFor = await throttle.RecordFailureAsync(throttleKey, now, cancellationToken);
            await RecordRefusalAsync(request.ClinicId, email, "wrong_credentials", cancellationToken);
            await db.CommitAsync(cancellationToken);
            return lockFor is { } delay
                ? Locked(delay)
                : Error.Unauthorized("invalid_credentials", "The email address or password is not right.");
        }

        if (needsRehash)
        {
            await db.ExecuteAsync(
                "update identity.staff_users set password_hash = @hash where id = @id",
                new { hash = passwords.Hash(request.Password), id = user!.Id },
                cancellationToken);
        }

        await throttle.ResetAsync(throttleKey, cancellationToken);
        var signedIn = await completion.CompleteAsync(user!, "password", now, request.UserAgent, cancellationToken);
        await db.CommitAsync(cancellationToken);
        return signedIn;
    }

    private Task RecordRefusalAsync(Guid? clinicId, string email, string reason, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEvent("identity.staff.sign_in_refused", clinicId, "staff_email", email, new { reason }), cancellationToken);

    private static Error Locked(TimeSpan delay) => Error.TooManyRequests(
        "sign_in_locked",
        string.Create(CultureInfo.InvariantCulture, $"Too many failed attempts. Try again in {Math.Ceiling(delay.TotalMinutes)} minute(s)."),
        delay);
}

internal sealed class StaffSignInEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapClinicGroup("/staff")
            .MapPost("/sign-in", (StaffSignInRequest body, ClinicContext clinic, IMediator mediator, HttpContext context) =>
                SignInAsync(clinic.ClinicId, body, mediator, context))
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.SignIn)
            .WithTags("Staff")
            .WithName("StaffSignIn")
            .WithSummary("Signs a staff member of this clinic in with email and password; sets the session cookie.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);

        app.MapPost("/api/operator/sign-in", (StaffSignInRequest body, IMediator mediator, HttpContext context) =>
                SignInAsync(null, body, mediator, context))
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.SignIn)
            .WithTags("Operator")
            .WithName("OperatorSignIn")
            .WithSummary("Signs a platform operator in with email and password; sets the session cookie.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);
    }

    private static async Task<Results<Ok<StaffProfile>, ErrorHttpResult>> SignInAsync(
        Guid? clinicId, StaffSignInRequest body, IMediator mediator, HttpContext context)
    {
        var result = await mediator.Send(
            new StaffSignInCommand(clinicId, body.Email, body.Password, context.Request.Headers.UserAgent.ToString()),
            context.RequestAborted);
        return result.ToSignInResponse(context.Response);
    }
}
