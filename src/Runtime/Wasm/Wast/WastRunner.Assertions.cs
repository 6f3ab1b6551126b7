using System.Text.Json;

namespace Ipvm.Durable.Wasm.Wast;

public sealed partial class WastRunner
{
    private WastCommandResult AssertReturn(JsonElement command, Func<WastCommandResult> pass, Func<string, WastCommandResult> fail)
    {
        Value[] results;
        try
        {
            results = Perform(command.GetProperty("action"));
        }
        catch (WasmTrapException trap)
        {
            return fail($"trapped: {trap.Message}");
        }

        var expected = command.GetProperty("expected").EnumerateArray().ToList();
        if (expected.Count != results.Length)
        {
            return fail($"expected {expected.Count} results, got {results.Length}");
        }

        for (var i = 0; i < results.Length; i++)
        {
            if (WastValues.Compare(expected[i], results[i]) is { } difference)
            {
                return fail($"result {i}: {difference}");
            }
        }

        return pass();
    }

    private WastCommandResult AssertTrap(JsonElement command, bool exhaustion, Func<WastCommandResult> pass, Func<string, WastCommandResult> fail)
    {
        var text = command.GetProperty("text").GetString();
        try
        {
            Perform(command.GetProperty("action"));
            return fail($"expected trap \"{text}\", returned normally");
        }
        catch (WasmTrapException trap)
        {
            if (exhaustion && trap.Code != TrapCode.CallStackExhausted)
            {
                return fail($"expected stack exhaustion, trapped with {trap.Code}");
            }

            return exhaustion || TrapMatches(text ?? "", trap) ? pass() : fail($"expected trap \"{text}\", got \"{trap.Message}\"");
        }
    }

    /// <summary>
    /// The reference interpreter words a few traps differently (a call_indirect index past the table is an
    /// "undefined element"; some messages add the index), so the code decides where the words differ.
    /// </summary>
    private static bool TrapMatches(string text, WasmTrapException trap) =>
        trap.Message.StartsWith(text, StringComparison.Ordinal)
        || text.StartsWith(trap.Message, StringComparison.Ordinal)
        || (text == "undefined element" && trap.Code == TrapCode.TableOutOfBounds);

    private WastCommandResult AssertModuleFails(JsonElement command, string kind, Func<WastCommandResult> pass, Func<string, WastCommandResult> fail)
    {
        var text = command.GetProperty("text").GetString();
        try
        {
            var instance = Instantiate(command.GetProperty("filename").GetString()!);
            return fail($"expected \"{text}\", but the module loaded");
        }
        catch (WasmException e)
        {
            var expectedType = kind switch
            {
                "assert_malformed" => typeof(WasmDecodeException),
                "assert_invalid" => typeof(WasmValidationException),
                "assert_unlinkable" => typeof(WasmLinkException),
                _ => typeof(WasmTrapException),
            };
            return e.GetType() == expectedType ? pass() : fail($"expected {expectedType.Name} (\"{text}\"), got {e.GetType().Name}: {e.Message}");
        }
    }
}
