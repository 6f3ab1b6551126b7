using Ipvm.Durable.Hosting;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Postgres.Tests.Fixture;
using Ipvm.Durable.Testing;
using Ipvm.Durable.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ipvm.Durable.Postgres.Tests;

/// <summary><c>services.AddIpvmDurable(o => o.UsePostgres(...))</c>: hosts on one database see each other's runs.</summary>
public sealed class PostgresHostingTests
{
    [PostgresFact]
    public async Task A_host_using_postgres_runs_a_workflow_that_another_host_on_the_database_sees()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        var workflow = TestWorkflows.Chain(5, "test/echo");
        string runId;
        using (var host = Build(o => o.UsePostgres(database).ConfigureOps(r => r.AddTestOps())))
        {
            await host.StartAsync();
            Assert.IsType<PostgresDurableStore>(host.Services.GetRequiredService<IDurableStore>());
            var result = await host.Services.GetRequiredService<DurableEngine>().RunAsync(workflow);
            Assert.Equal(RunStatus.Completed, result.Status);
            runId = result.RunId;
            await host.StopAsync();
        }

        using var other = Build(o => o.UsePostgres(new PostgresStoreOptions { ConnectionString = database }).ConfigureOps(r => r.AddTestOps()));
        await other.StartAsync();
        var store = other.Services.GetRequiredService<IDurableStore>();

        Assert.Equal(RunStatus.Completed, (await store.GetRunAsync(runId))!.Status);
        Assert.Equal(5, (await store.GetTasksAsync(runId)).Count(t => t.State == TaskState.Succeeded));
        await other.StopAsync();
    }

    [PostgresFact]
    public async Task A_host_on_postgres_leaves_an_unfinished_workflow_file_to_the_workers()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        var ran = 0;
        string runId;
        using (var host = Build(o => o.UsePostgres(database).ConfigureOps(r => r.AddTestOps())))
        {
            await host.StartAsync();
            runId = await host.Services.GetRequiredService<DurableEngine>().CreateRunAsync(TestWorkflows.Chain(3, "test/echo"));
            await host.StopAsync();
        }

        using var next = Build(o => o.UsePostgres(database).ConfigureOps(r => r.Register("test/echo", EffectClass.Pure, c =>
        {
            Interlocked.Increment(ref ran);
            return TaskResult.Ok(c.Input);
        })));
        await next.StartAsync(); // a pending run with a stored workflow: resumed on SQLite, not here
        var engine = next.Services.GetRequiredService<DurableEngine>();
        await next.StopAsync();

        Assert.Empty(engine.LiveRuns);
        Assert.Equal(RunStatus.Pending, (await engine.Store.GetRunAsync(runId))!.Status);
        Assert.Equal(0, ran);
    }

    [PostgresFact]
    public async Task Workflows_on_a_postgres_host_journal_in_the_same_database()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        using var host = Build(o => o.UsePostgres(database), durable => durable.AddWorkflows(_ => { }));
        await host.StartAsync();
        var journal = host.Services.GetRequiredService<IWorkflowJournal>();
        var cid = Cid.Compute(Multicodec.Raw, MultihashCode.Sha2_256, [7]);

        await journal.RecordEffectAsync("run", 0, cid);

        Assert.IsType<PostgresWorkflowJournal>(journal);
        await using var journalOnItsOwn = await PostgresWorkflowJournal.OpenAsync(database);
        Assert.Equal(cid, (await journalOnItsOwn.LoadEffectsAsync("run"))[0]);
        await host.StopAsync();
    }

    [Fact]
    public async Task Invalid_postgres_options_stop_the_start_naming_the_property()
    {
        using var host = Build(o => o.UsePostgres(new PostgresStoreOptions { ConnectionString = "Host=unused", MaxRetryAttempts = 0 }));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("IpvmDurableOptions.Postgres.MaxRetryAttempts", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    private static IHost Build(Action<IpvmDurableOptions> configure, Action<IpvmDurableBuilder>? more = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var durable = builder.Services.AddIpvmDurable(configure);
        more?.Invoke(durable);
        return builder.Build();
    }
}
