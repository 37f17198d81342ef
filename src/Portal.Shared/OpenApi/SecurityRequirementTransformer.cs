using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Portal.Shared.Security;
using Portal.Shared.Web;

namespace Portal.Shared.OpenApi;

/// <summary>
/// Each operation's <c>security</c>, read from the checks the host really applies: the authorization policy
/// decides the session cookie, an unsafe method the antiforgery header (unless the endpoint opts out), and
/// an opted-out callback names its signature. Public operations say <c>security: []</c>. The operation's
/// description says the same in words.
/// </summary>
internal sealed class SecurityRequirementTransformer : IOpenApiOperationTransformer
{
    public const string StaffSession = "staffSession";
    public const string OperatorSession = "operatorSession";
    public const string PatientSession = "patientSession";
    public const string Antiforgery = "antiforgery";

    /// <summary>The Identity module's session cookies; a test signs in and checks that these are the names it sets.</summary>
    public const string StaffCookie = "__Host-portal-staff";
    public const string PatientCookie = "__Host-portal-patient";

    private static readonly Dictionary<string, (string Scheme, string Who)> PolicySessions = new(StringComparer.Ordinal)
    {
        [Policies.ClinicMember] = (StaffSession, "any staff member of the clinic"),
        [Policies.ClinicManager] = (StaffSession, "the clinic's owners and admins"),
        [Policies.ClinicOwner] = (StaffSession, "the clinic's account owners"),
        [Policies.Operator] = (OperatorSession, "platform operators"),
        [Policies.ClinicPatient] = (PatientSession, "a patient signed in to the clinic's portal"),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var schemes = new List<string>();
        var words = new List<string>();

        var signed = metadata.OfType<SignedRequestMetadata>().LastOrDefault();
        var policies = metadata.OfType<IAuthorizeData>().Select(data => data.Policy).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (metadata.OfType<IAllowAnonymous>().Any() || policies.Count == 0)
        {
            if (signed is null)
            {
                words.Add("Callers: anyone; no session is needed.");
            }
        }
        else
        {
            foreach (var policy in policies)
            {
                var (scheme, who) = PolicySessions.TryGetValue(policy, out var session)
                    ? session
                    : throw new InvalidOperationException($"The authorization policy '{policy}' has no session scheme in the OpenAPI conventions.");
                schemes.Add(scheme);
                words.Add($"Callers: {who}, with the {KnownSchemes[scheme].Label}.");
            }
        }

        var unsafeMethod = context.Description.HttpMethod is { } method
            && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        if (signed is not null)
        {
            schemes.Add(signed.SchemeName);
            words.Add(signed.Description);
            Register(context.Document, signed.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = signed.HeaderName,
                Description = signed.Description,
            });
        }
        else if (unsafeMethod && metadata.OfType<IAntiforgeryMetadata>().LastOrDefault() is not { RequiresValidation: false })
        {
            schemes.Add(Antiforgery);
            words.Add($"Send the antiforgery token from GET /api/antiforgery in the {AntiforgeryValidation.HeaderName} header.");
        }

        foreach (var scheme in schemes.Where(KnownSchemes.ContainsKey))
        {
            Register(context.Document, scheme, KnownSchemes[scheme].Scheme);
        }

        var requirement = new OpenApiSecurityRequirement();
        foreach (var scheme in schemes.Distinct(StringComparer.Ordinal))
        {
            requirement[new OpenApiSecuritySchemeReference(scheme, context.Document)] = [];
        }

        operation.Security = requirement.Count == 0 ? [] : [requirement];
        var access = string.Join(" ", words);
        operation.Description = string.IsNullOrWhiteSpace(operation.Description) ? access : operation.Description + "\n\n" + access;
        return Task.CompletedTask;
    }

    private static readonly Dictionary<string, (string Label, OpenApiSecurityScheme Scheme)> KnownSchemes = new(StringComparer.Ordinal)
    {
        [StaffSession] = ("staff session cookie", Cookie(StaffCookie,
            "A clinic staff member's session, set by POST /api/clinics/{clinic}/staff/sign-in or /api/staff/setup.")),
        [OperatorSession] = ("operator session (the staff session cookie)", Cookie(StaffCookie,
            "A platform operator's session, set by POST /api/operator/sign-in. Operators and clinic staff share the cookie; the account decides.")),
        [PatientSession] = ("patient session cookie", Cookie(PatientCookie,
            "A patient's session, set by POST /api/clinics/{clinic}/portal/sign-in/verify.")),
        [Antiforgery] = ("antiforgery header", new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = AntiforgeryValidation.HeaderName,
            Description = "The token from GET /api/antiforgery, which also sets the cookie it pairs with (portal-af, or __Host-portal-af on https).",
        }),
    };

    private static OpenApiSecurityScheme Cookie(string name, string description) => new()
    {
        Type = SecuritySchemeType.ApiKey,
        In = ParameterLocation.Cookie,
        Name = name,
        Description = description,
    };

    private static void Register(OpenApiDocument? document, string name, OpenApiSecurityScheme scheme)
    {
        if (document is null)
        {
            return;
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes.TryAdd(name, scheme);
    }
}
