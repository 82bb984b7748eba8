using AimsBot.Graph;
using AimsBot.Register;
using AimsBot.Storage.Register;

namespace AimsBot.Risks;

/// <summary>People on risk cards and forms (<see cref="PeopleOnCards"/>); an unknown person is <c>risk.person.unknown</c>.</summary>
public sealed class RiskPeople(UserLookup users, OwnerResolver resolver, IDirectory directory)
    : PeopleOnCards(users, resolver, directory, "risk.person.unknown");
