using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Ipvm.Durable;

/// <summary>Maps <c>op</c> strings to handlers. Thread-safe; registering an op twice replaces it.</summary>
public sealed class OpRegistry
{
    private readonly ConcurrentDictionary<string, OpDefinition> _ops = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="handler"/> for <paramref name="op"/>.</summary>
    public OpRegistry Register(string op, EffectClass effectClass, OpHandler handler, int? maxAttempts = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(op);
        ArgumentNullException.ThrowIfNull(handler);
        if (maxAttempts is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "At least one attempt.");
        }

        _ops[op] = new OpDefinition(op, effectClass, handler, maxAttempts);
        return this;
    }

    /// <summary>Registers a synchronous handler.</summary>
    public OpRegistry Register(string op, EffectClass effectClass, Func<OpContext, TaskResult> handler, int? maxAttempts = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(op, effectClass, ctx => ValueTask.FromResult(handler(ctx)), maxAttempts);
    }

    /// <summary>
    /// Registers an op whose instructions differ in effect class (<c>dotnet/run</c> runs pure, idempotent and effectful
    /// tasks alike): <paramref name="classify"/> names each instruction's class; the strictest class, effectful,
    /// applies where it cannot tell.
    /// </summary>
    public OpRegistry Register(string op, Func<Instruction, EffectClass> classify, OpHandler handler, int? maxAttempts = null)
    {
        ArgumentNullException.ThrowIfNull(classify);
        Register(op, EffectClass.Effectful, handler, maxAttempts);
        _ops[op] = _ops[op] with { Classify = classify };
        return this;
    }

    /// <summary>Registers <paramref name="definition"/> as it is.</summary>
    public OpRegistry Register(OpDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Register(definition.Op, definition.EffectClass, definition.Handler, definition.MaxAttempts);
        _ops[definition.Op] = definition;
        return this;
    }

    /// <summary>Finds the definition for <paramref name="op"/>.</summary>
    public bool TryGet(string op, [NotNullWhen(true)] out OpDefinition? definition) => _ops.TryGetValue(op, out definition);

    /// <summary>The registered op names, sorted.</summary>
    public IReadOnlyList<string> Ops => [.. _ops.Keys.Order(StringComparer.Ordinal)];
}
