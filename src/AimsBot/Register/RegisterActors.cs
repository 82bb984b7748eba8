using AimsBot.Commands;
using AimsBot.Domain.Access;

namespace AimsBot.Register;

internal static class RegisterActors
{
    /// <summary>The domain's view of the person behind an activity: their user key and configured roles.</summary>
    public static Actor From(Caller caller) => new(caller.UserKey, caller.Roles);
}
