using System.Globalization;
using Carter;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Portal.Notifications.Dispatch;
using Portal.Shared.Auditing;
using Portal.Shared.Database;
using Portal.Shared.Mediation;
using Portal.Shared.Results;
using Portal.Shared.Security;
using Portal.Shared.Tenancy;

namespace Portal.Notifications.Features.QuietHours;

/// <summary>A clinic's SMS quiet hours in its own time zone, as HH:mm; <paramref name="IsDefault"/> when it has not set its own.</summary>
public sealed record QuietHoursView(string StartsAt, string EndsAt, string TimeZone, bool IsDefault);

internal sealed class QuietHoursEndpoints : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapClinicGroup("/settings").WithTags("Settings");
        group.MapGet("/sms-quiet-hours", async (IMediator mediator, CancellationToken cancellationToken) =>
                (await mediator.Send(new GetQuietHoursQuery(), cancellationToken)).ToHttp(TypedResults.Ok))
            .RequireAuthorization(Policies.ClinicMember)
            .WithName("GetSmsQuietHours")
            .WithSummary("The hours during which routine SMS wait (passcodes do not).")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        group.MapPut("/sms-quiet-hours", async (SaveQuietHoursCommand command, IMediator mediator, QuietHoursCalendar calendar, ClinicContext clinic, CancellationToken cancellationToken) =>
            {
                var result = await mediator.Send(command, cancellationToken);
                if (result.IsSuccess)
                {
                    calendar.Forget(clinic.ClinicId);
                }

                return result.ToHttp(TypedResults.Ok);
            })
            .RequireAuthorization(Policies.ClinicManager)
            .WithName("SaveSmsQuietHours")
            .WithSummary("Sets the clinic's SMS quiet hours, e.g. 21:00 to 08:00.")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
    }
}

internal sealed record GetQuietHoursQuery : IQuery<QuietHoursView>;

internal sealed class GetQuietHoursHandler(IDbSession db, ClinicContext clinic, IOptions<DispatchOptions> options)
    : IRequestHandler<GetQuietHoursQuery, Result<QuietHoursView>>
{
    public async Task<Result<QuietHoursView>> Handle(GetQuietHoursQuery request, CancellationToken cancellationToken)
    {
        var row = await db.QuerySingleOrDefaultAsync<(TimeOnly StartsAt, TimeOnly EndsAt)?>(
            "select starts_at, ends_at from notifications.quiet_hours where clinic_id = @clinicId",
            new { clinicId = clinic.ClinicId },
            cancellationToken);
        var (start, end) = row ?? (options.Value.QuietHoursStart, options.Value.QuietHoursEnd);
        return new QuietHoursView(QuietHoursText.Format(start), QuietHoursText.Format(end), clinic.Clinic.TimeZone, row is null);
    }
}

internal sealed record SaveQuietHoursCommand(string StartsAt, string EndsAt) : ICommand<QuietHoursView>;

internal sealed class SaveQuietHoursValidator : AbstractValidator<SaveQuietHoursCommand>
{
    public SaveQuietHoursValidator()
    {
        RuleFor(x => x.StartsAt).Must(QuietHoursText.IsValid).WithMessage("Give a time as HH:mm, e.g. 21:00.");
        RuleFor(x => x.EndsAt).Must(QuietHoursText.IsValid).WithMessage("Give a time as HH:mm, e.g. 08:00.");
        RuleFor(x => x.EndsAt).NotEqual(x => x.StartsAt).WithMessage("Quiet hours must end at another time than they start.");
    }
}

internal sealed class SaveQuietHoursHandler(IDbSession db, ClinicContext clinic, IActorContext actor, IAuditLog audit, TimeProvider clock)
    : IRequestHandler<SaveQuietHoursCommand, Result<QuietHoursView>>
{
    public async Task<Result<QuietHoursView>> Handle(SaveQuietHoursCommand request, CancellationToken cancellationToken)
    {
        var start = QuietHoursText.Parse(request.StartsAt);
        var end = QuietHoursText.Parse(request.EndsAt);
        await db.ExecuteAsync(
            """
            insert into notifications.quiet_hours (clinic_id, starts_at, ends_at, updated_at, updated_by)
            values (@clinicId, @start, @end, @now, @actorId)
            on conflict (clinic_id) do update set starts_at = excluded.starts_at, ends_at = excluded.ends_at,
                updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """,
            new { clinicId = clinic.ClinicId, start, end, now = clock.GetUtcNow(), actorId = actor.Actor.Id },
            cancellationToken);
        await audit.RecordAsync(
            new AuditEvent("notifications.quiet_hours.saved", clinic.ClinicId, "quiet_hours", clinic.ClinicId.ToString(), new { request.StartsAt, request.EndsAt }),
            cancellationToken);
        return new QuietHoursView(QuietHoursText.Format(start), QuietHoursText.Format(end), clinic.Clinic.TimeZone, false);
    }
}

internal static class QuietHoursText
{
    public static bool IsValid(string? text) => TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    public static TimeOnly Parse(string text) => TimeOnly.ParseExact(text, "HH:mm", CultureInfo.InvariantCulture);

    public static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
