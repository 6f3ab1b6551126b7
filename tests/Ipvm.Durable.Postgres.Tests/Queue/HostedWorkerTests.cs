using Ipvm.Durable.Postgres.Tests.Fixture;
using Ipvm.Durable.Testing;
using Ipvm.Durable.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Ipvm.Durable.Postgres.Tests.Queue;

/// <summary><c>AddIpvmDurable(o => o.UsePostgres(...)).AddWorker(...)</c>: two hosts work one queue.</summary>
public sealed class HostedWorkerTests
{
    [PostgresFact]
    public async Task Two_hosts_with_hosted_workers_finish_a_submitted_run_between_them()
    {
        var database = await PostgresServer.Shared.CreateDatabaseAsync();
        using var first = Build(database, "first");
        using var second = Build(database, "second");
        await first.StartAsync();
        await second.StartAsync();
        var store = first.Services.GetRequiredService<IDurableStore>();
        var submitted = await WorkSubmission.SubmitAsync(store, first.Services.GetRequiredService<IWorkQueue>(), TestWorkflows.Chain(20, "test/echo", "hosted"));

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        RunRecord run;
        while ((run = (await store.GetRunAsync(submitted.RunId, timeout.Token))!).Status == RunStatus.Running)
        {
            await Task.Delay(50, timeout.Token);
        }

        await second.StopAsync();
        await first.StopAsync();
        Assert.Equal(RunStatus.Completed, run.Status);
    }

    [Fact]
    public async Task A_hosted_worker_without_a_shared_store_fails_at_start_saying_what_it_needs()
    {
        using var host = Host.CreateDefaultBuilder().ConfigureServices(s => s.AddIpvmDurable(o => o.UseInMemory()).AddWorker()).Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("AddWorker needs a store with a work queue (UsePostgres)", error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(string database, string id) => Host.CreateDefaultBuilder()
        .ConfigureServices(services => services
            .AddIpvmDurable(o =>
            {
                o.UsePostgres(database).ConfigureOps(r => r.AddTestOps());
                o.ResumeOnStart = false;
            })
            .AddWorker(w =>
            {
                w.WorkerId = id;
                w.PollInterval = TimeSpan.FromMilliseconds(10);
            }))
        .Build();
}
