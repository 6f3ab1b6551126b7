using Ipvm.Durable.Postgres;
using Ipvm.Durable.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ipvm.Durable.Hosting;

/// <summary>The services workflows need: the journal beside the store, the runtime and the client.</summary>
internal static class WorkflowServices
{
    public static void Add(IServiceCollection services)
    {
        services.TryAddSingleton(static sp => CreateJournal(sp, sp.GetRequiredService<IOptions<IpvmDurableOptions>>().Value));
        services.TryAddSingleton(static sp =>
        {
            var runtime = new WorkflowRuntime(
                sp.GetRequiredService<DurableEngine>(),
                new DotnetTaskRegistry(),
                sp.GetRequiredService<IWorkflowJournal>(),
                sp.GetService<ILoggerFactory>()?.CreateLogger("Ipvm.Durable.Workflows"));
            foreach (var configuration in sp.GetServices<WorkflowConfiguration>())
            {
                configuration.Configure(runtime, sp);
            }

            return runtime;
        });
        services.TryAddSingleton<IWorkflowClient>(static sp => new WorkflowClient(sp.GetRequiredService<WorkflowRuntime>(), sp.GetRequiredService<DurableEngine>()));
    }

    // The journal lives beside the store: in the same SQLite file (sharing its writer) or PostgreSQL database.
    private static IWorkflowJournal CreateJournal(IServiceProvider services, IpvmDurableOptions options) => options.Store switch
    {
        IpvmStoreKind.Sqlite => SqliteWorkflowJournal.Open((SqliteDurableStore)services.GetRequiredService<IDurableStore>()),
        IpvmStoreKind.Postgres => PostgresWorkflowJournal.Open((PostgresDurableStore)services.GetRequiredService<IDurableStore>()),
        IpvmStoreKind.InMemory => new InMemoryWorkflowJournal(),
        _ => throw new InvalidOperationException(
            "Workflows need a journal beside the store: with UseStore(factory), also register an IWorkflowJournal service (services.AddSingleton<IWorkflowJournal>(...))."),
    };
}
