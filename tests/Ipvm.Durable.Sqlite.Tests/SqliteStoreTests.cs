using System.Collections.Concurrent;
using Ipvm.Durable.Ipld;
using Ipvm.Durable.Tests;
using Microsoft.Extensions.Logging;

namespace Ipvm.Durable.Sqlite.Tests;

/// <summary>What is the SQLite store's own: its corruption report and its settings. (The engine over the store runs in the shared conformance suite.)</summary>
public sealed class SqliteStoreTests
{
    [Fact]
    public async Task A_corrupted_receipt_row_is_logged_with_its_cid_and_file()
    {
        var path = SqliteTestFiles.NewPath();
        var receipt = Receipt.For(TestWorkflows.Task("test/echo", "x"), TaskResult.Ok("x"));
        await using (var store = SqliteDurableStore.Open(path))
        {
            await store.PutReceiptAsync(receipt);
        }

        SqliteTestFiles.CorruptReceipt(path, receipt.Cid);
        var logger = new ListLogger();
        await using (var store = SqliteDurableStore.Open(path, logger: logger))
        {
            Assert.Null(await store.FindReceiptAsync(receipt.InstructionCid!));
        }

        Assert.Contains(logger.Messages, m => m.Contains("Corrupt receipt", StringComparison.Ordinal)
            && m.Contains(receipt.Cid.ToString(), StringComparison.Ordinal)
            && m.Contains(path, StringComparison.Ordinal));
    }

    [Fact]
    public void Options_are_validated_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SqliteDurableStore.Open(SqliteTestFiles.NewPath(), new SqliteStoreOptions { Synchronous = "SOMETIMES" }));
        Assert.Contains("Synchronous", error.Message, StringComparison.Ordinal);
    }

    private sealed class ListLogger : ILogger
    {
        public ConcurrentBag<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
