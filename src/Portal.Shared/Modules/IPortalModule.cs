using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Shared.Modules;

/// <summary>
/// A business module: it owns one database schema (its numbered <c>Migrations/*.sql</c> embedded
/// resources), registers its services, and contributes endpoints, handlers, validators and commands
/// that the host discovers in its assembly.
/// </summary>
public interface IPortalModule
{
    /// <summary>The module's name, as in the migrations journal and the logs.</summary>
    string Name { get; }

    /// <summary>The PostgreSQL schema the module owns. Its SQL touches no other.</summary>
    string Schema { get; }

    void AddServices(IServiceCollection services, IConfiguration configuration);
}
