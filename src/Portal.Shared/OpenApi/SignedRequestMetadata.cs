namespace Portal.Shared.OpenApi;

/// <summary>
/// Endpoint metadata for a callback that proves itself with a signature header instead of a session and an
/// antiforgery token (Twilio's, Stripe's), so the OpenAPI document can say how its requests are authenticated.
/// </summary>
public sealed record SignedRequestMetadata(string SchemeName, string HeaderName, string Description);
