using Carter;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Portal.Notifications.Channels;
using Portal.Notifications.Dispatch;
using Portal.Shared;
using Portal.Shared.Database;
using Portal.Shared.OpenApi;
using Portal.Shared.Results;
using Portal.Shared.Web;
using Twilio.Security;

namespace Portal.Notifications.Features.TwilioStatus;

/// <summary>
/// Twilio's delivery reports (checklist W4). A report without the signature Twilio makes with the
/// account's auth token is refused with 403; a valid one moves the message's status forward only.
/// It carries no antiforgery token: its signature is what proves it.
/// </summary>
internal sealed class TwilioStatusCallbackEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost(TwilioSmsSender.StatusCallbackPath, HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithMetadata(new SignedRequestMetadata(
                "twilioSignature",
                "X-Twilio-Signature",
                "Twilio signs each report with the account's auth token in the X-Twilio-Signature header; it needs no session or antiforgery token."))
            .WithRequestSizeLimit(16 * 1024)
            .WithTags("Notifications")
            .WithName("TwilioStatusCallback")
            .WithSummary("Receives Twilio's signed SMS delivery reports.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

    private static async Task<Results<NoContent, ErrorHttpResult>> HandleAsync(
        HttpRequest request, IDbSession db, IOptions<SmsOptions> sms, IOptions<PortalOptions> portal, TimeProvider clock, CancellationToken cancellationToken)
    {
        var token = sms.Value.Twilio.AuthToken;
        if (sms.Value.Mode != SmsMode.Twilio || string.IsNullOrEmpty(token))
        {
            return Error.NotFound("twilio_not_configured", "SMS do not go through Twilio here.").ToHttp();
        }

        if (!request.HasFormContentType)
        {
            return Error.UnsupportedMediaType("form_expected", "Twilio posts application/x-www-form-urlencoded.").ToHttp();
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var url = portal.Value.PublicUrl.GetLeftPart(UriPartial.Authority) + request.PathBase + request.Path + request.QueryString;
        var parameters = form.ToDictionary(field => field.Key, field => field.Value.ToString(), StringComparer.Ordinal);
        var signature = request.Headers["X-Twilio-Signature"].ToString();
        if (string.IsNullOrEmpty(signature) || !new RequestValidator(token).Validate(url, parameters, signature))
        {
            return Error.Forbidden("bad_signature", "The request is not signed by Twilio.").ToHttp();
        }

        var status = form["MessageStatus"].ToString();
        if (!DeliveryStatuses.IsKnown(status))
        {
            return Error.Validation("unknown_status", $"'{status}' is not a Twilio message status.").ToHttp();
        }

        var notificationId = Guid.TryParse(request.Query["n"], out var id) ? id : (Guid?)null;
        await db.ExecuteAsync(
            """
            update notifications.outbox set
                provider_status = @status,
                provider_status_rank = @rank,
                provider_message_id = coalesce(provider_message_id, @sid),
                last_error = case when @errorCode = '' then last_error else 'Twilio reported ' || @status || ', error ' || @errorCode end,
                updated_at = @now
            where channel = 'sms'
              and (provider_message_id = @sid or (provider_message_id is null and id = @notificationId))
              and provider_status_rank < @rank
            """,
            new
            {
                status,
                rank = DeliveryStatuses.Rank(status),
                sid = form["MessageSid"].ToString(),
                errorCode = form["ErrorCode"].ToString(),
                notificationId,
                now = clock.GetUtcNow(),
            },
            cancellationToken);
        return TypedResults.NoContent();
    }
}
