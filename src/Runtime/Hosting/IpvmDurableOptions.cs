using Ipvm.Durable.Postgres;
using Ipvm.Durable.Sqlite;

namespace Ipvm.Durable.Hosting;

/// <summary>
/// Settings of <c>services.AddIpvmDurable(...)</c>: the store, the engine and the ops. Checked when the host
/// starts; a setting out of bounds stops the start with a message naming it and its bound.
/// </summary>
public sealed class IpvmDurableOptions
{
    private readonly List<Action<OpRegistry>> _opRegistrations = [];

    /// <summary>Which store the engine uses; set by <see cref="UseSqlite"/>, <see cref="UsePostgres(string)"/>, <see cref="UseInMemory"/> or <see cref="UseStore"/>.</summary>
    public IpvmStoreKind Store { get; set; } = IpvmStoreKind.None;

    /// <summary>The SQLite file, for <see cref="IpvmStoreKind.Sqlite"/>.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>The SQLite store's settings.</summary>
    public SqliteStoreOptions Sqlite { get; } = new();

    /// <summary>The PostgreSQL store's settings (connection string, schema, retries), for <see cref="IpvmStoreKind.Postgres"/>.</summary>
    public PostgresStoreOptions? Postgres { get; set; }

    /// <summary>The engine's settings (parallelism, retries, control polling, clock).</summary>
    public DurableEngineOptions Engine { get; } = new();

    /// <summary>Resume unfinished runs (status pending or running) when the host starts; default true.</summary>
    public bool ResumeOnStart { get; set; } = true;

    /// <summary>Creates the store, for <see cref="IpvmStoreKind.Custom"/>.</summary>
    public Func<IServiceProvider, IDurableStore>? StoreFactory { get; set; }

    /// <summary>Uses the embedded SQLite store in <paramref name="path"/> (created if absent).</summary>
    public IpvmDurableOptions UseSqlite(string path, Action<SqliteStoreOptions>? configure = null)
    {
        Store = IpvmStoreKind.Sqlite;
        SqlitePath = path;
        configure?.Invoke(Sqlite);
        return this;
    }

    /// <summary>
    /// Uses the PostgreSQL store at <paramref name="connectionString"/> (an Npgsql connection string or a
    /// <c>postgres://</c> URL), shared by any number of hosts; its schema is migrated when the store opens.
    /// </summary>
    public IpvmDurableOptions UsePostgres(string connectionString) =>
        UsePostgres(new PostgresStoreOptions { ConnectionString = connectionString });

    /// <summary>Uses the PostgreSQL store with <paramref name="options"/> (schema, retry bounds, group commit size).</summary>
    public IpvmDurableOptions UsePostgres(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Store = IpvmStoreKind.Postgres;
        Postgres = options;
        return this;
    }

    /// <summary>Uses a store in process memory (tests; nothing survives the process).</summary>
    public IpvmDurableOptions UseInMemory()
    {
        Store = IpvmStoreKind.InMemory;
        return this;
    }

    /// <summary>Uses a store of your own.</summary>
    public IpvmDurableOptions UseStore(Func<IServiceProvider, IDurableStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Store = IpvmStoreKind.Custom;
        StoreFactory = factory;
        return this;
    }

    /// <summary>Registers a handler for <paramref name="op"/> (see <see cref="OpRegistry.Register(string, EffectClass, OpHandler, int?)"/>).</summary>
    public IpvmDurableOptions AddOp(string op, EffectClass effectClass, OpHandler handler, int? maxAttempts = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(op);
        ArgumentNullException.ThrowIfNull(handler);
        _opRegistrations.Add(r => r.Register(op, effectClass, handler, maxAttempts));
        return this;
    }

    /// <summary>Registers a synchronous handler for <paramref name="op"/>.</summary>
    public IpvmDurableOptions AddOp(string op, EffectClass effectClass, Func<OpContext, TaskResult> handler, int? maxAttempts = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(op);
        ArgumentNullException.ThrowIfNull(handler);
        _opRegistrations.Add(r => r.Register(op, effectClass, handler, maxAttempts));
        return this;
    }

    /// <summary>Works on the <see cref="OpRegistry"/> directly when it is built (for bulk registrations such as <c>AddTestOps</c>).</summary>
    public IpvmDurableOptions ConfigureOps(Action<OpRegistry> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _opRegistrations.Add(configure);
        return this;
    }

    /// <summary>Applies every op registration to <paramref name="registry"/>.</summary>
    internal void ApplyOps(OpRegistry registry)
    {
        foreach (var registration in _opRegistrations)
        {
            registration(registry);
        }
    }
}

/// <summary>The store <see cref="IpvmDurableOptions"/> chose.</summary>
public enum IpvmStoreKind
{
    /// <summary>None chosen yet: starting fails validation.</summary>
    None,

    /// <summary><see cref="SqliteDurableStore"/>.</summary>
    Sqlite,

    /// <summary><see cref="InMemoryDurableStore"/>.</summary>
    InMemory,

    /// <summary><see cref="IpvmDurableOptions.StoreFactory"/>.</summary>
    Custom,

    /// <summary><see cref="PostgresDurableStore"/>.</summary>
    Postgres,
}
