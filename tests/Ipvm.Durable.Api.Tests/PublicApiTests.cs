using System.Reflection;
using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Api.Tests;

/// <summary>
/// Every shipped runtime assembly's public surface is checked in under PublicApi/; a change to it fails here until
/// it is reviewed and accepted (IPVM_ACCEPT_SNAPSHOTS=1). The WebAssembly engine keeps its own, beside its tests.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> ShippedAssemblies => new()
    {
        typeof(Ipld.Cid).Assembly.GetName().Name!,
        typeof(WorkflowContext).Assembly.GetName().Name!,
        typeof(Sqlite.SqliteDurableStore).Assembly.GetName().Name!,
        typeof(Postgres.PostgresDurableStore).Assembly.GetName().Name!,
        typeof(Hosting.IpvmDurableOptions).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(ShippedAssemblies))]
    public void Public_surface_matches_the_reviewed_file(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        Snapshot.Match(PublicApi.Describe(assembly), assemblyName, "txt", folder: "PublicApi");
    }
}
