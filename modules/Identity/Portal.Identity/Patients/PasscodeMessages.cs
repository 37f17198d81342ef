using System.Globalization;
using System.Linq.Expressions;
using FluentValidation;
using Portal.Identity.Notifications;
using Portal.Notifications;
using Portal.Shared.Tenancy;
using Portal.Shared.Validation;

namespace Portal.Identity.Patients;

/// <summary>Where a passcode goes: an email address, or a mobile number in E.164.</summary>
internal sealed record PasscodeRecipient(bool IsEmail, string Address)
{
    public NotificationChannels Channel => IsEmail ? NotificationChannels.Email : NotificationChannels.Sms;

    public string? Email => IsEmail ? Address : null;

    public string? Phone => IsEmail ? null : Address;
}

/// <summary>Sends a passcode (sign-in, or proving a new contact point) through the outbox, in the patient's language.</summary>
internal static class PasscodeMessages
{
    public static Task EnqueueAsync(
        INotificationOutbox outbox, ClinicRef clinic, PasscodeRecipient to, string language, string passcode, TimeSpan lifetime,
        string deduplicationKey, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(
            new NotificationRequest(
                IdentityTemplates.PatientPasscode,
                clinic.Id,
                to.Channel,
                to.Email,
                to.Phone,
                language,
                new Dictionary<string, string>
                {
                    ["passcode"] = passcode,
                    ["clinic"] = clinic.Name,
                    ["minutes"] = ((int)lifetime.TotalMinutes).ToString(CultureInfo.InvariantCulture),
                },
                deduplicationKey),
            cancellationToken);
}

/// <summary>The shape checks of what patients type: a contact point of a kind, and a passcode.</summary>
internal static class PatientInputRules
{
    /// <summary><paramref name="kind"/> is "email" or "mobile", and <paramref name="value"/> a valid one of that kind.</summary>
    public static void ContactPoint<T>(this AbstractValidator<T> validator, Expression<Func<T, string>> kind, Expression<Func<T, string>> value)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var kindOf = kind.Compile();
        var valueOf = value.Compile();
        validator.RuleFor(kind).IsOneOf(["email", "mobile"]).WithMessage("Choose email or mobile.").WithErrorCode("invalid_choice");
        validator.RuleFor(value).NotEmpty().MaximumLength(EmailAddresses.MaxLength);
        validator.RuleFor(value).Must(EmailAddresses.IsValid).When(x => kindOf(x) == "email" && !string.IsNullOrWhiteSpace(valueOf(x)))
            .WithMessage("This is not an email address.").WithErrorCode("invalid_email");
        validator.RuleFor(value).Must(v => PhoneNumbers.TryNormalize(v, out _)).When(x => kindOf(x) == "mobile" && !string.IsNullOrWhiteSpace(valueOf(x)))
            .WithMessage("This is not a mobile number: use 10 digits, or + and the country code.").WithErrorCode("invalid_phone");
    }

    public static void Passcode<T>(this AbstractValidator<T> validator, Expression<Func<T, string>> passcode)
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.RuleFor(passcode).NotEmpty()
            .Length(PasscodeHasher.Digits).WithMessage("A passcode is 6 digits.").WithErrorCode("invalid")
            .Must(p => p is { Length: PasscodeHasher.Digits } && p.All(char.IsAsciiDigit))
            .WithMessage("A passcode is 6 digits.").WithErrorCode("invalid");
    }
}
