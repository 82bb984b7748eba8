namespace AimsBot.Host.Tests.Support;

/// <summary>A job that does nothing but succeed: proves a storage can carry a job from enqueue to done.</summary>
public sealed class ProbeJob
{
    public string Run(string label) => label;
}
