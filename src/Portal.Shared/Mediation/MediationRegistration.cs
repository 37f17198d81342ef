using System.Reflection;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Shared.Mediation;

public static class MediationRegistration
{
    /// <summary>
    /// Registers MediatR 5 (its <see cref="ServiceFactory"/> by hand), every request and integration-event handler and validator in
    /// the given assemblies, and the pipeline: logging, then validation, then the transaction.
    /// </summary>
    public static IServiceCollection AddPortalMediation(this IServiceCollection services, IEnumerable<Assembly> assemblies)
    {
        var scanned = assemblies.Distinct().ToArray();
        services.AddScoped<ServiceFactory>(provider => provider.GetService);
        services.AddScoped<IMediator, Mediator>();

        services.Scan(scan => scan
            .FromAssemblies(scanned)
            .AddClasses(c => c.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithScopedLifetime()
            .AddClasses(c => c.AssignableTo(typeof(INotificationHandler<>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithScopedLifetime()
            // Validators hold no state but the rules their constructor builds, which costs more than most reads: built once.
            .AddClasses(c => c.AssignableTo(typeof(IValidator<>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithSingletonLifetime());

        // Order matters: the first registered behaviour is the outermost.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(TransactionBehavior<,>));
        return services;
    }
}
