using Ipvm.Durable.Ipld;

namespace Ipvm.Durable;

/// <summary>The input of a <c>wasm/run</c> task as Homestar writes it: <c>{"func": name, "args": [...]}</c>.</summary>
internal sealed record WasmTaskInput(string Function, IpldList Arguments)
{
    public static WasmTaskInput Read(IpldValue input)
    {
        if (input is not IpldMap map)
        {
            throw new WasmTaskException($"wasm/run input must be a map {{func, args}}, found {Describe(input)}");
        }

        foreach (var key in map.Keys)
        {
            if (key is not ("func" or "args"))
            {
                throw new WasmTaskException($"wasm/run input: '{key}' is not a field (expected func and args)");
            }
        }

        var function = map.GetValueOrDefault("func") switch
        {
            IpldString { Value.Length: > 0 } s => s.Value,
            null => throw new WasmTaskException("wasm/run input: func is required but missing"),
            var other => throw new WasmTaskException($"wasm/run input: func must be a non-empty string, found {Describe(other)}"),
        };
        var arguments = map.GetValueOrDefault("args") switch
        {
            null => IpldList.Empty,
            IpldList list => list,
            var other => throw new WasmTaskException($"wasm/run input: args must be a list, found {Describe(other)}"),
        };
        return new WasmTaskInput(function, arguments);
    }

    /// <summary>"an integer", "a list"...: the kind of <paramref name="value"/> for error messages.</summary>
    public static string Describe(IpldValue value) => value.Kind switch
    {
        IpldKind.Integer => "an integer",
        IpldKind.Null => "null",
        var kind => "a " + kind.ToString().ToLowerInvariant(),
    };
}
