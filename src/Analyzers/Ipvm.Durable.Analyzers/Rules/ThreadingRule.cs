using System.Collections.Immutable;
using Ipvm.Durable.Analyzers.Apis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Ipvm.Durable.Analyzers.Rules;

/// <summary>
/// IPVM0005: threads, scheduling and synchronization. Besides the table: <c>ConfigureAwait(false)</c> (it leaves the
/// workflow's scheduler), and <c>Task.WhenAll</c>/<c>WhenAny</c> over tasks that do not come from the context
/// (checked by <see cref="Reachability.TaskOrigins"/>). The <c>lock</c> statement is reported by the walker.
/// </summary>
internal static class ThreadingRule
{
    public const string Verb = "schedules threads or synchronizes with";

    public static readonly ApiFamily Apis = new(DiagnosticDescriptors.Threading, Verb, ImmutableArray.Create(
        "M:System.Threading.Tasks.Task.Run",
        "M:System.Threading.Tasks.Task.Start",
        "M:System.Threading.Tasks.Task.RunSynchronously",
        "M:System.Threading.Tasks.Task.Wait",
        "M:System.Threading.Tasks.Task.WaitAll",
        "M:System.Threading.Tasks.Task.WaitAny",
        "M:System.Threading.Tasks.Task.Yield",
        "M:System.Threading.Tasks.Task.ContinueWith",
        "M:System.Threading.Tasks.Task..ctor",
        "T:System.Threading.Tasks.TaskFactory",
        "T:System.Threading.Tasks.Parallel",
        "T:System.Threading.Tasks.TaskScheduler",
        "T:System.Threading.Thread",
        "T:System.Threading.ThreadPool",
        "T:System.Threading.Monitor",
        "T:System.Threading.Lock",
        "T:System.Threading.Interlocked",
        "T:System.Threading.Volatile",
        "T:System.Threading.SemaphoreSlim",
        "T:System.Threading.Semaphore",
        "T:System.Threading.Mutex",
        "T:System.Threading.SpinLock",
        "T:System.Threading.ReaderWriterLock",
        "T:System.Threading.ReaderWriterLockSlim",
        "T:System.Threading.ManualResetEvent",
        "T:System.Threading.ManualResetEventSlim",
        "T:System.Threading.AutoResetEvent",
        "T:System.Threading.EventWaitHandle",
        "T:System.Threading.WaitHandle",
        "T:System.Threading.CountdownEvent",
        "T:System.Threading.Barrier",
        "T:System.Threading.SynchronizationContext",
        "T:System.Threading.ExecutionContext",
        "N:System.Threading.Channels"));

    /// <summary>A description when <paramref name="invocation"/> is <c>ConfigureAwait</c> with anything but a constant true.</summary>
    public static string? CheckConfigureAwait(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name != "ConfigureAwait" || invocation.Arguments.Length != 1
            || method.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks")
        {
            return null;
        }

        var value = invocation.Arguments[0].Value.ConstantValue;
        if (value.HasValue && value.Value is true)
        {
            return null;
        }

        return Verb + " '" + SymbolNames.Api(method).Replace("()", "(false)") + "'";
    }

    /// <summary>True for <c>Task.WhenAll</c> and <c>Task.WhenAny</c>.</summary>
    public static bool IsWhenAllOrAny(IMethodSymbol method) =>
        method.Name is "WhenAll" or "WhenAny"
        && method.ContainingType is { Name: "Task" } type
        && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";
}
