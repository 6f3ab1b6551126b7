using Ipvm.Durable.Testing;

namespace Ipvm.Durable.Wasm.Tests;

/// <summary>The engine's public surface is checked in; a change fails here until reviewed (IPVM_ACCEPT_SNAPSHOTS=1).</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Public_surface_matches_the_reviewed_file() =>
        Snapshot.Match(PublicApi.Describe(typeof(Engine).Assembly), "Ipvm.Durable.Wasm", "txt", folder: "PublicApi");
}
