using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ipvm.Durable.Hosting;

/// <summary>
/// Works the store's queue for the life of the host (see docs/workers.md). On shutdown it stops claiming; tasks
/// already running finish and are recorded within the host's shutdown timeout.
/// </summary>
internal sealed class IpvmDurableWorkerService(
    IDurableStore store,
    IWorkQueue queue,
    OpRegistry ops,
    IOptions<DurableWorkerOptions> options,
    ILogger<IpvmDurableWorkerService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new DurableWorker(store, queue, ops, options.Value, logger).RunAsync(stoppingToken);
}
