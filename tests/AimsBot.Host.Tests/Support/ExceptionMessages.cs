namespace AimsBot.Host.Tests.Support;

/// <summary>Every message of an exception and the ones inside it: what a refused start-up says, wherever it is wrapped.</summary>
public static class ExceptionMessages
{
    public static string Flatten(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex is AggregateException aggregate
            ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : ex.Message + (ex.InnerException is null ? "" : " | " + Flatten(ex.InnerException));
    }
}
