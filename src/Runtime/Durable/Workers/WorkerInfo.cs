namespace Ipvm.Durable;

/// <summary>What a worker advertises: who it is and what it can run.</summary>
/// <param name="Id">Unique per worker process (host, process id and a random suffix by default).</param>
/// <param name="Host">The machine name.</param>
/// <param name="ProcessId">The operating system's process id.</param>
/// <param name="Ops">The ops it has handlers for.</param>
/// <param name="Labels">Its labels (<c>gpu</c>, <c>region=eu</c>); a task asking for labels needs all of them here.</param>
public sealed record WorkerInfo(string Id, string Host, int ProcessId, IReadOnlyList<string> Ops, IReadOnlyList<string> Labels);
