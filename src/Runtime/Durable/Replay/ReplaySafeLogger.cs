using Microsoft.Extensions.Logging;

namespace Ipvm.Durable.Replay;

/// <summary>A logger that writes nothing while the workflow replays, so each message appears once per run.</summary>
internal sealed class ReplaySafeLogger(ReplayWorkflowContext context, ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => !context.IsReplayingNow && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!context.IsReplayingNow)
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
