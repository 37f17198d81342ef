using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Shared.Web;

/// <summary>
/// A request whose address exists under other methods answers 405 with <c>Allow</c> and a problem, before any
/// check that needs the endpoint (antiforgery would otherwise answer 400). Routing's own 405 does not see past
/// the catch-all routes (<c>GET /api/{**path}</c>, the web app's pages) nor check route constraints, so the
/// allowed methods are worked out here from every route with explicit methods.
/// </summary>
public static class MethodNotAllowed
{
    /// <summary>
    /// Marks a catch-all route that only answers 404 for addresses nothing else takes: it makes no address
    /// exist, so it never counts as a method the address accepts.
    /// </summary>
    public static RouteHandlerBuilder AsNotFoundFallback(this RouteHandlerBuilder builder) => builder.WithMetadata(NotFoundFallback.Instance);

    public static IApplicationBuilder UseMethodNotAllowed(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var routes = new Lazy<AllowedMethods>(() => new AllowedMethods(
            app.ApplicationServices.GetRequiredService<EndpointDataSource>(),
            app.ApplicationServices.GetRequiredService<ParameterPolicyFactory>()));
        return app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            if (endpoint is RouteEndpoint route && !AllowedMethods.IsCatchAll(route))
            {
                await next(context);
                return;
            }

            var allowed = routes.Value.For(context);
            if (allowed is { Count: > 0 } && !allowed.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
            {
                await WriteProblemAsync(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed", "The method is not allowed.",
                    $"{context.Request.Method} is not allowed at this address; it accepts {string.Join(", ", allowed)}.", allowed);
                return;
            }

            // An endpoint that is not a route is routing's own 405, which counts the catch-all 404 route and ignores
            // route constraints (a malformed id): when no route takes this address, nothing is here.
            if (endpoint is not null and not RouteEndpoint && allowed is { Count: 0 })
            {
                await WriteProblemAsync(context, StatusCodes.Status404NotFound, "not_found", "Not found.", "There is nothing at this address.", []);
                return;
            }

            await next(context);
        });
    }

    private static async Task WriteProblemAsync(HttpContext context, int status, string code, string title, string detail, List<string> allowed)
    {
        context.Response.StatusCode = status;
        if (allowed.Count > 0)
        {
            context.Response.Headers.Allow = string.Join(", ", allowed);
        }

        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }

    private sealed class NotFoundFallback
    {
        public static NotFoundFallback Instance { get; } = new();
    }

    private sealed class AllowedMethods
    {
        private readonly List<(TemplateMatcher Matcher, List<(string Parameter, IRouteConstraint Constraint)> Constraints, IReadOnlyList<string>? Methods)> _routes;

        public AllowedMethods(EndpointDataSource endpoints, ParameterPolicyFactory policies)
        {
            _routes = endpoints.Endpoints
                .OfType<RouteEndpoint>()
                .Where(route => route.Metadata.GetMetadata<NotFoundFallback>() is null)
                .Select(route => (
                    new TemplateMatcher(new RouteTemplate(route.RoutePattern), new RouteValueDictionary(route.RoutePattern.Defaults)),
                    route.RoutePattern.ParameterPolicies
                        .SelectMany(parameter => parameter.Value.Select(reference => (
                            Parameter: parameter.Key,
                            Policy: policies.Create(route.RoutePattern.GetParameter(parameter.Key), reference))))
                        .Where(policy => policy.Policy is IRouteConstraint)
                        .Select(policy => (policy.Parameter, (IRouteConstraint)policy.Policy))
                        .ToList(),
                    route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : null))
                .ToList();
        }

        public static bool IsCatchAll(RouteEndpoint route) => route.RoutePattern.Parameters.Any(parameter => parameter.IsCatchAll);

        /// <summary>
        /// The methods of the routes whose pattern and constraints match the request's path, in order; null when
        /// one of them takes any method (health checks, the jobs dashboard).
        /// </summary>
        public List<string>? For(HttpContext context)
        {
            var allowed = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (matcher, constraints, methods) in _routes)
            {
                var values = new RouteValueDictionary();
                if (matcher.TryMatch(context.Request.Path, values)
                    && constraints.All(c => c.Constraint.Match(context, null, c.Parameter, values, RouteDirection.IncomingRequest)))
                {
                    if (methods is null)
                    {
                        return null;
                    }

                    allowed.UnionWith(methods);
                }
            }

            return [.. allowed];
        }
    }
}
