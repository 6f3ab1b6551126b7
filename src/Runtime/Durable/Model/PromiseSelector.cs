namespace Ipvm.Durable;

/// <summary>Which part of an awaited task's result a promise takes.</summary>
public enum PromiseSelector
{
    /// <summary><c>await/ok</c>: the success value; a failure upstream fails the awaiting task.</summary>
    Ok,

    /// <summary><c>await/error</c>: the error value; the awaiting task runs only when upstream failed.</summary>
    Error,

    /// <summary><c>await/*</c>: the whole result, <c>{"ok": v}</c> or <c>{"error": e}</c>.</summary>
    Any,
}
