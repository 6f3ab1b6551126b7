using Ipvm.Durable.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ipvm.Durable.Hosting.Tests;

public sealed class OptionsTests
{
    [Theory]
    [InlineData("parallelism", "IpvmDurableOptions.Engine.MaxParallelism", "between 1 and 4096")]
    [InlineData("attempts", "IpvmDurableOptions.Engine.PureMaxAttempts", "between 1 and 100")]
    [InlineData("batch", "IpvmDurableOptions.Sqlite.MaxBatch", "between 1 and 1,000,000")]
    [InlineData("sync", "IpvmDurableOptions.Sqlite.Synchronous", "FULL, NORMAL, EXTRA or OFF")]
    [InlineData("nostore", "IpvmDurableOptions.Store", "UseSqlite(path), UseInMemory() or UseStore(factory)")]
    [InlineData("nopath", "IpvmDurableOptions.SqlitePath", "file path")]
    public async Task Invalid_options_stop_the_start_with_a_message_naming_the_property_and_its_bound(string mistake, string property, string bound)
    {
        using var host = HostFixture.Build(o =>
        {
            switch (mistake)
            {
                case "nostore":
                    break;
                case "nopath":
                    o.UseSqlite(" ");
                    break;
                default:
                    o.UseInMemory();
                    o.Store = mistake is "batch" or "sync" ? IpvmStoreKind.Sqlite : IpvmStoreKind.InMemory;
                    o.SqlitePath = HostFixture.NewDatabasePath();
                    o.Engine.MaxParallelism = mistake == "parallelism" ? 0 : 2;
                    o.Engine.PureMaxAttempts = mistake == "attempts" ? 1000 : 3;
                    o.Sqlite.MaxBatch = mistake == "batch" ? 0 : 10;
                    o.Sqlite.Synchronous = mistake == "sync" ? "SOMETIMES" : "FULL";
                    break;
            }
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var message = Assert.Single(error.Failures);
        Assert.Contains(property, message, StringComparison.Ordinal);
        Assert.Contains(bound, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bound_message_reads_as_one_sentence_with_the_value()
    {
        using var host = HostFixture.Build(o =>
        {
            o.UseInMemory();
            o.Engine.MaxParallelism = 0;
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal("IpvmDurableOptions.Engine.MaxParallelism: DurableEngineOptions.MaxParallelism must be between 1 and 4096 (it is 0).", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task Adding_twice_registers_each_service_once_and_keeps_both_configurations()
    {
        var services = new ServiceCollection();
        services.AddLogging();

        var builder = services.AddIpvmDurable(o => o.UseInMemory()).AddOp("a/one", EffectClass.Pure, _ => TaskResult.Ok(1));
        services.AddIpvmDurable().AddOp("a/two", EffectClass.Pure, _ => TaskResult.Ok(2));

        Assert.Same(services, builder.Services);
        Assert.Single(services, d => d.ServiceType == typeof(DurableEngine));
        Assert.Single(services, d => d.ServiceType == typeof(IDurableStore));
        Assert.Single(services, d => d.ServiceType == typeof(OpRegistry));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<IpvmDurableOptions>));
        await using var provider = services.BuildServiceProvider();
        var ops = provider.GetRequiredService<OpRegistry>();
        Assert.True(ops.TryGet("a/one", out _));
        Assert.True(ops.TryGet("a/two", out _));
        Assert.IsType<InMemoryDurableStore>(provider.GetRequiredService<IDurableStore>());
        Assert.Same(provider.GetRequiredService<IDurableStore>(), provider.GetRequiredService<DurableEngine>().Store);
    }

    [Fact]
    public void The_built_in_ops_include_wasm_run()
    {
        using var host = HostFixture.Build(o => o.UseInMemory());

        var ops = host.Services.GetRequiredService<OpRegistry>();

        Assert.True(ops.TryGet(WasmRunOp.Op, out var definition));
        Assert.Equal(EffectClass.Pure, definition.EffectClass);
    }
}
