using Microsoft.Extensions.Options;

namespace Ipvm.Durable.Hosting;

/// <summary>Checks <see cref="IpvmDurableOptions"/> when the host starts; every message names the property and its bound.</summary>
internal sealed class IpvmDurableOptionsValidator : IValidateOptions<IpvmDurableOptions>
{
    public ValidateOptionsResult Validate(string? name, IpvmDurableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        switch (options.Store)
        {
            case IpvmStoreKind.None:
                failures.Add("IpvmDurableOptions.Store must be chosen: call UseSqlite(path), UseInMemory() or UseStore(factory), or UsePostgres(connectionString).");
                break;
            case IpvmStoreKind.Sqlite when string.IsNullOrWhiteSpace(options.SqlitePath):
                failures.Add("IpvmDurableOptions.SqlitePath must be a file path (it is empty) when the store is SQLite.");
                break;
            case IpvmStoreKind.Postgres when options.Postgres is null:
                failures.Add("IpvmDurableOptions.Postgres must be set when the store is Postgres: call UsePostgres(connectionString).");
                break;
            case IpvmStoreKind.Custom when options.StoreFactory is null:
                failures.Add("IpvmDurableOptions.StoreFactory must be set when the store is Custom.");
                break;
        }

        Check(options.Engine.Validate, "Engine", failures);
        if (options.Store == IpvmStoreKind.Sqlite)
        {
            Check(options.Sqlite.Validate, "Sqlite", failures);
        }

        if (options is { Store: IpvmStoreKind.Postgres, Postgres: { } postgres })
        {
            Check(postgres.Validate, "Postgres", failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(Action validate, string property, List<string> failures)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            // The engine's and the store's own checks name the setting and its bound ("DurableEngineOptions.MaxParallelism
            // must be between 1 and 4096."); say where it sits in these options and what it was.
            var message = e.Message;
            var cut = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
            message = (cut >= 0 ? message[..cut] : message).TrimEnd('.');
            var value = e is ArgumentOutOfRangeException { ActualValue: { } actual } ? $" (it is {actual})" : string.Empty;
            failures.Add($"IpvmDurableOptions.{property}.{e.ParamName}: {message}{value}.");
        }
    }
}
