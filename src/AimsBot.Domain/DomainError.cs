namespace AimsBot.Domain;

/// <summary>
/// A reason the domain refused user input or an action, written for the person who typed it.
/// <see cref="Code"/> is stable (adapters and tests match on it); <see cref="Message"/> is the friendly
/// sentence shown in chat; <see cref="Field"/> names the input at fault when there is one.
/// </summary>
public sealed record DomainError(string Code, string Message, string? Field = null)
{
    public override string ToString() => Message;
}
