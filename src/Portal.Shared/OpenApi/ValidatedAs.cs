using Microsoft.AspNetCore.Builder;

namespace Portal.Shared.OpenApi;

/// <summary>
/// Names the MediatR request whose validator checks this body (on the body's record) or this
/// endpoint's query parameters (as endpoint metadata), when they are not that request itself,
/// so the OpenAPI document shows the validator's rules on them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ValidatedAsAttribute(Type request) : Attribute
{
    public Type Request { get; } = request;
}

public static class ValidatedAsExtensions
{
    public static RouteHandlerBuilder ValidatedAs<TRequest>(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new ValidatedAsAttribute(typeof(TRequest)));
}
