using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>
/// An IPVM instruction <c>{rsc, op, input, nnc}</c>: what to run (<see cref="Resource"/>, <see cref="Op"/>),
/// on what (<see cref="Input"/>, which may hold promises) and a nonce. Its CID is the memoization key.
/// </summary>
public sealed class Instruction : IEquatable<Instruction>
{
    private IpldMap? _ipld;
    private Cid? _cid;
    private IReadOnlyList<Promise>? _promises;

    /// <summary>Creates an instruction.</summary>
    /// <param name="resource">The resource, a URI such as <c>ipfs://bafy…</c> naming a module or a task's code.</param>
    /// <param name="op">The operation, such as <c>wasm/run</c>; chooses the handler in the <see cref="OpRegistry"/>.</param>
    /// <param name="input">The input; promises anywhere inside it are resolved before the op runs.</param>
    /// <param name="nonce">The nonce: empty for deterministic work, otherwise what makes this call distinct (a string or bytes).</param>
    public Instruction(string resource, string op, IpldValue input, IpldValue? nonce = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentException.ThrowIfNullOrEmpty(op);
        ArgumentNullException.ThrowIfNull(input);
        Resource = resource;
        Op = op;
        Input = input;
        Nonce = nonce ?? new IpldString(string.Empty);
    }

    /// <summary>The resource URI (<c>rsc</c>).</summary>
    public string Resource { get; }

    /// <summary>The operation (<c>op</c>).</summary>
    public string Op { get; }

    /// <summary>The input (<c>input</c>), possibly holding promises.</summary>
    public IpldValue Input { get; }

    /// <summary>The nonce (<c>nnc</c>): a string (empty by default) or bytes.</summary>
    public IpldValue Nonce { get; }

    /// <summary>The function name for display: <c>input.func</c> when present, else the op.</summary>
    public string DisplayName =>
        Input is IpldMap map && map.TryGetValue("func", out var func) && func is IpldString s ? s.Value : Op;

    /// <summary>The CID of <see cref="ToIpld"/> (dag-cbor, sha3-256), computed once.</summary>
    public Cid Cid => _cid ??= IpvmCid.Of(ToIpld());

    /// <summary>The promises anywhere in <see cref="Input"/>, in document order.</summary>
    public IReadOnlyList<Promise> Promises => _promises ??= Promise.FindAll(Input);

    /// <summary>The IPLD form <c>{input, nnc, op, rsc}</c>.</summary>
    public IpldMap ToIpld() => _ipld ??= IpldMap.Create(
        ("input", Input),
        ("nnc", Nonce),
        ("op", Op),
        ("rsc", Resource));

    /// <inheritdoc />
    public bool Equals(Instruction? other) => other is not null && (ReferenceEquals(this, other) || Cid == other.Cid);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Instruction other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Cid.GetHashCode();

    /// <inheritdoc />
    public override string ToString() => $"{Op} {DisplayName} {Cid}";
}
