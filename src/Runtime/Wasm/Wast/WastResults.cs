namespace Ipvm.Durable.Wasm.Wast;

/// <summary>How one command of a spec script ended.</summary>
public enum WastOutcome
{
    /// <summary>The engine did what the command asserts.</summary>
    Passed,
    /// <summary>It did not; <see cref="WastCommandResult.Message"/> says how.</summary>
    Failed,
    /// <summary>Not run; <see cref="WastCommandResult.Message"/> says why.</summary>
    Skipped,
}

/// <summary>The result of one command.</summary>
/// <param name="Line">The line in the .wast source.</param>
/// <param name="Kind">The command type (module, assert_return, ...).</param>
/// <param name="Outcome">Passed, failed or skipped.</param>
/// <param name="Message">Why it failed or was skipped.</param>
public sealed record WastCommandResult(int Line, string Kind, WastOutcome Outcome, string? Message);

/// <summary>The results of one script.</summary>
public sealed class WastScriptResult
{
    /// <summary>Creates an empty result for a script.</summary>
    public WastScriptResult(string name) => Name = name;

    /// <summary>The script name (folder name of the wast2json output).</summary>
    public string Name { get; }

    /// <summary>Every command's result in order.</summary>
    public List<WastCommandResult> Commands { get; } = [];

    /// <summary>Commands that passed.</summary>
    public int Passed => Commands.Count(c => c.Outcome == WastOutcome.Passed);

    /// <summary>Commands that failed.</summary>
    public int Failed => Commands.Count(c => c.Outcome == WastOutcome.Failed);

    /// <summary>Commands skipped.</summary>
    public int Skipped => Commands.Count(c => c.Outcome == WastOutcome.Skipped);

    /// <summary>The failures, one per line (line number, command, message).</summary>
    public string DescribeFailures(int max = 50) => string.Join(Environment.NewLine,
        Commands.Where(c => c.Outcome == WastOutcome.Failed).Take(max).Select(c => $"  line {c.Line} {c.Kind}: {c.Message}"));
}
