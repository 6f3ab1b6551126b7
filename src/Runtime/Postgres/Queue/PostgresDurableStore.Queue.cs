namespace Ipvm.Durable.Postgres;

/// <summary>The store's work queue: same pool, schema and retry policy, so a worker opens one thing.</summary>
public sealed partial class PostgresDurableStore
{
    private PostgresWorkQueue? _queue;

    /// <summary>The queue of runnable tasks in this store's database, for <see cref="DurableWorker"/> and <see cref="WorkSubmission"/>.</summary>
    public PostgresWorkQueue WorkQueue => _queue ??= new PostgresWorkQueue(_dataSource, _retry);
}
