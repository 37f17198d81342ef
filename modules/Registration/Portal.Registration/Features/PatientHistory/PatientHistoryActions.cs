using System.Reflection;
using System.Text.Json.Serialization;
using Portal.Registration.Patients;

namespace Portal.Registration.Features.PatientHistory;

/// <summary>
/// Every audit action written about a patient's chart (target type <c>patient</c>), by any module; the contract lists them so
/// the web app can say each one in words. An action missing here reaches the page as <see cref="Other"/>.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<PatientHistoryAction>))]
internal enum PatientHistoryAction
{
    [JsonStringEnumMemberName(PatientAudit.Created)] Created,
    [JsonStringEnumMemberName(PatientAudit.Updated)] Updated,
    [JsonStringEnumMemberName(PatientAudit.Viewed)] Viewed,
    [JsonStringEnumMemberName(PatientAudit.PortalAccessChanged)] PortalAccessChanged,
    [JsonStringEnumMemberName(PatientAudit.ChangedByPatient)] ChangedByPatient,
    [JsonStringEnumMemberName(PatientAudit.ContactChangedByPatient)] ContactChangedByPatient,
    [JsonStringEnumMemberName("registration.documents.listed")] DocumentsListed,
    [JsonStringEnumMemberName("messaging.conversations.listed")] MessagesListed,
    [JsonStringEnumMemberName("questionnaires.responses.listed")] QuestionnaireResponsesListed,
    [JsonStringEnumMemberName("portal.home.viewed")] PortalHomeViewed,
    [JsonStringEnumMemberName("identity.patient.passcode_requested")] PasscodeRequested,
    [JsonStringEnumMemberName("identity.patient.passcode_refused")] PasscodeRefused,
    [JsonStringEnumMemberName("identity.patient.signed_in")] SignedIn,
    [JsonStringEnumMemberName("identity.patient.signed_out")] SignedOut,
    [JsonStringEnumMemberName("identity.patient.session_ended")] SessionEnded,
    [JsonStringEnumMemberName("identity.patient.link_refused")] LinkRefused,
    [JsonStringEnumMemberName("identity.patient.link_passcode_resent")] LinkPasscodeResent,
    [JsonStringEnumMemberName("identity.patient.contact_change_requested")] ContactChangeRequested,
    [JsonStringEnumMemberName("identity.patient.contact_changed")] ContactChanged,
    [JsonStringEnumMemberName("other")] Other,
}

/// <summary>The audit codes of <see cref="PatientHistoryAction"/>, and which of them fold and which say where they came from.</summary>
internal static class PatientHistoryActions
{
    /// <summary>Code -> action, read from the enum's own names so the two cannot drift apart.</summary>
    public static IReadOnlyDictionary<string, PatientHistoryAction> ByCode { get; } = typeof(PatientHistoryAction)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => (PatientHistoryAction)field.GetValue(null)! != PatientHistoryAction.Other)
        .ToDictionary(field => field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name, field => (PatientHistoryAction)field.GetValue(null)!);

    /// <summary>Readings that repeat: the same person opening the same view again within the hour is one row with a count.</summary>
    public static IReadOnlyList<PatientHistoryAction> Foldable { get; } =
        [PatientHistoryAction.Viewed, PatientHistoryAction.DocumentsListed, PatientHistoryAction.MessagesListed,
         PatientHistoryAction.QuestionnaireResponsesListed, PatientHistoryAction.PortalHomeViewed];

    public static TimeSpan FoldWithin { get; } = TimeSpan.FromHours(1);

    /// <summary>Sign-in steps, where the address they came from is part of what happened.</summary>
    public static IReadOnlyList<PatientHistoryAction> WithAddress { get; } =
    [
        PatientHistoryAction.PasscodeRequested, PatientHistoryAction.PasscodeRefused, PatientHistoryAction.SignedIn,
        PatientHistoryAction.LinkRefused, PatientHistoryAction.LinkPasscodeResent,
    ];

    public static string CodeOf(PatientHistoryAction action) => ByCode.First(pair => pair.Value == action).Key;

    public static PatientHistoryAction Of(string code) => ByCode.TryGetValue(code, out var action) ? action : PatientHistoryAction.Other;
}
