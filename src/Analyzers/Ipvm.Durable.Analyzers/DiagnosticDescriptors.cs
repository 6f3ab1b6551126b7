using Microsoft.CodeAnalysis;

namespace Ipvm.Durable.Analyzers;

/// <summary>
/// The descriptor of every rule. Determinism rules format their message as "{path} {what}", where the path runs
/// from the workflow or deterministic root to the method holding the offending code, for example
/// <c>Workflow 'Orders.Place' → 'Pricing.Quote' → 'Tax.Rate' reads the wall clock through 'DateTime.UtcNow'</c>.
/// </summary>
public static class DiagnosticDescriptors
{
    /// <summary>Where every rule's page lives: <c>docs/diagnostics/IPVMxxxx.md</c> in the repository.</summary>
    public const string HelpLinkBase = "https://github.com/ipvm-durable/ipvm-durable/blob/main/docs/diagnostics/";

    private const string PathMessage = "{0} {1}";

    /// <summary>IPVM0001.</summary>
    public static readonly DiagnosticDescriptor WallClock = Determinism(
        RuleIdentifiers.WallClock,
        "Deterministic code reads the wall clock",
        "The clock differs on every replay. In a workflow use the context's recorded time (ctx.UtcNow); in a [Deterministic] task pass the time in as an argument.");

    /// <summary>IPVM0002.</summary>
    public static readonly DiagnosticDescriptor NewGuid = Determinism(
        RuleIdentifiers.NewGuid,
        "Deterministic code creates a new GUID",
        "A new GUID differs on every replay. Use ctx.NewGuid(), which is recorded and replayed.");

    /// <summary>IPVM0003.</summary>
    public static readonly DiagnosticDescriptor Random = Determinism(
        RuleIdentifiers.Random,
        "Deterministic code uses unseeded randomness",
        "Random numbers differ on every replay. Use ctx.Random, seeded from the run.");

    /// <summary>IPVM0004.</summary>
    public static readonly DiagnosticDescriptor Timer = Determinism(
        RuleIdentifiers.Timer,
        "Deterministic code sleeps or starts a timer",
        "A sleep or timer does not survive a restart and fires at a different point on replay. Use ctx.CreateTimer(...), a durable timer.");

    /// <summary>IPVM0005.</summary>
    public static readonly DiagnosticDescriptor Threading = Determinism(
        RuleIdentifiers.Threading,
        "Deterministic code schedules threads or synchronizes",
        "Threads, thread-pool work, ConfigureAwait(false), locks and Task.WhenAll/WhenAny over tasks that do not come from the context make the order of events differ between replays.");

    /// <summary>IPVM0006.</summary>
    public static readonly DiagnosticDescriptor FileSystem = Determinism(
        RuleIdentifiers.FileSystem,
        "Deterministic code touches the file system",
        "Files change between replays. Read and write them in an [Idempotent] or [Effectful] task and call it through the context.");

    /// <summary>IPVM0007.</summary>
    public static readonly DiagnosticDescriptor Network = Determinism(
        RuleIdentifiers.Network,
        "Deterministic code uses the network",
        "Network answers change between replays. Call the service from an [Idempotent] or [Effectful] task through the context.");

    /// <summary>IPVM0008.</summary>
    public static readonly DiagnosticDescriptor Environment = Determinism(
        RuleIdentifiers.Environment,
        "Deterministic code reads the process or its environment",
        "Environment variables, machine and user names, process ids, the current directory, processes and the console differ between machines and runs. Pass values in as arguments; write output through ctx.Logger.");

    /// <summary>IPVM0009.</summary>
    public static readonly DiagnosticDescriptor MutableStatic = Determinism(
        RuleIdentifiers.MutableStatic,
        "Deterministic code uses mutable static state",
        "Static state outlives a run and is shared between runs, so a replay can see values another run wrote. Keep state in locals, parameters or immutable statics.");

    /// <summary>IPVM0010.</summary>
    public static readonly DiagnosticDescriptor HashCode = Determinism(
        RuleIdentifiers.HashCode,
        "Deterministic code depends on the hash seed",
        "String hash codes and System.HashCode are randomized per process, so they differ between replays. Use a stable hash (SHA256.HashData, XxHash) instead.");

    /// <summary>IPVM0011.</summary>
    public static readonly DiagnosticDescriptor Culture = Determinism(
        RuleIdentifiers.Culture,
        "Deterministic code depends on the current culture",
        "Formatting, parsing, casing and comparison without an explicit culture depend on the machine's culture. Pass CultureInfo.InvariantCulture or StringComparison.Ordinal.");

    /// <summary>IPVM0012.</summary>
    public static readonly DiagnosticDescriptor Unverifiable = new(
        RuleIdentifiers.Unverifiable,
        "Deterministic code cannot be proven deterministic",
        PathMessage,
        RuleCategories.Determinism,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Reflection, dynamic, unsafe code, function pointers, P/Invoke and calls into other assemblies that are neither [Deterministic] nor on the list of known-deterministic APIs cannot be checked. Move the call into a task or mark the callee [Deterministic] in its own assembly.",
        helpLinkUri: HelpLinkBase + RuleIdentifiers.Unverifiable + ".md");

    /// <summary>IPVM1001.</summary>
    public static readonly DiagnosticDescriptor DirectTaskCall = new(
        RuleIdentifiers.DirectTaskCall,
        "A task is called directly instead of through the context",
        PathMessage,
        RuleCategories.Workflow,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An [Idempotent] or [Effectful] method called directly runs again on every replay and leaves no receipt. Call it through the context: await ctx.Call{Method}Async(...).",
        helpLinkUri: HelpLinkBase + RuleIdentifiers.DirectTaskCall + ".md");

    /// <summary>IPVM1002.</summary>
    public static readonly DiagnosticDescriptor DeterministicReachesNondeterminism = new(
        RuleIdentifiers.DeterministicReachesNondeterminism,
        "A deterministic method reaches nondeterminism",
        "{0} {1} ({2})",
        RuleCategories.Determinism,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A [Deterministic] method's receipt is memoized forever, so everything it calls must be deterministic too. The diagnostic sits on the call that leads to the offending code and shows the whole path.",
        helpLinkUri: HelpLinkBase + RuleIdentifiers.DeterministicReachesNondeterminism + ".md");

    /// <summary>IPVM1003.</summary>
    public static readonly DiagnosticDescriptor AwaitOutsideContext = new(
        RuleIdentifiers.AwaitOutsideContext,
        "A workflow awaits something that does not come from the context",
        PathMessage,
        RuleCategories.Workflow,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A workflow may only wait on the context: task calls, timers and events. Anything else completes at a different point on replay, or never.",
        helpLinkUri: HelpLinkBase + RuleIdentifiers.AwaitOutsideContext + ".md");

    /// <summary>IPVM1004.</summary>
    public static readonly DiagnosticDescriptor AsyncVoidOrDiscardedTask = new(
        RuleIdentifiers.AsyncVoidOrDiscardedTask,
        "async void, or a context task that is not awaited",
        PathMessage,
        RuleCategories.Workflow,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "An async void method or a context task that nobody awaits runs past the point the workflow records, so replay cannot reproduce it and its failure is lost.",
        helpLinkUri: HelpLinkBase + RuleIdentifiers.AsyncVoidOrDiscardedTask + ".md");

    /// <summary>IPVM1005.</summary>
    public static readonly DiagnosticDescriptor WorkflowSignature = new(
        RuleIdentifiers.WorkflowSignature,
        "Invalid workflow signature",
        "Workflow '{0}' {1}",
        RuleCategories.Workflow,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A workflow is an async method returning Task or Task<T> whose first parameter is a WorkflowContext.",
        helpLinkUri: HelpLinkBase + RuleIdentifiers.WorkflowSignature + ".md");

    private static DiagnosticDescriptor Determinism(string id, string title, string description) => new(
        id,
        title,
        PathMessage,
        RuleCategories.Determinism,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: description,
        helpLinkUri: HelpLinkBase + id + ".md");
}
