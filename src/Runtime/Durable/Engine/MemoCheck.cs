namespace Ipvm.Durable;

/// <summary>What is known of a task's receipt when it joins a run, which decides whether a worker looks it up before running it.</summary>
internal enum MemoCheck
{
    /// <summary>Nothing: the worker looks it up.</summary>
    None,

    /// <summary>
    /// A look-up just found none. A pure task is not looked up again: if a receipt appeared since, running it once
    /// more is allowed for pure work and yields the same answer. Other tasks are, as a receipt may have appeared.
    /// </summary>
    Missed,

    /// <summary>
    /// None can exist: its nonce names a run that was created with no receipts and submitted it itself (an
    /// idempotent or effectful call of a fresh workflow run), so it is never looked up.
    /// </summary>
    Unrecorded,
}
