namespace Ipvm.Durable;

/// <summary>One store holding blocks, receipts and runs, so a receipt and a run's progress can commit together.</summary>
public interface IDurableStore : IBlockStore, IReceiptStore, IRunStore, IAsyncDisposable
{
}
