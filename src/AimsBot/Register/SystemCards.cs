using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Register;
using AimsBot.Storage.Register;
using AimsBot.Teams.Cards;

namespace AimsBot.Register;

/// <summary>Cards of the AI system register: the list, the add form, a system's details.</summary>
public static class SystemCards
{
    public const string AddVerb = "register.system.add";

    /// <summary>More than this many systems are counted, not listed (the card must stay small).</summary>
    public const int MaxListed = 100;

    public static AdaptiveCard List(IReadOnlyList<StoredAiSystem> systems)
    {
        var body = new List<CardElement>
        {
            CardText.Title("AI systems in the register"),
            new TextBlock(string.Create(CultureInfo.InvariantCulture, $"{systems.Count} system{(systems.Count == 1 ? "" : "s")}. Say **system ‹name›** for one, **soa system ‹name›** for its Statement of Applicability.")) { IsSubtle = true },
        };
        foreach (var s in systems.OrderBy(s => s.System.Name, StringComparer.OrdinalIgnoreCase).Take(MaxListed))
        {
            var system = s.System;
            body.Add(new TextBlock($"**{CardText.Md(system.Name)}** ({system.Id})") { Spacing = "Small" });
            body.Add(CardText.Subtle(
                $"{CardText.Stage(system.Stage)} · {CardText.Tier(system.RiskTier)} risk · {string.Join(", ", system.Roles.Select(CardText.Role))} · owner {CardText.Md(OwnerIds.Display(system.OwnerUserId, s.OwnerName))}"
                + (system.Status == SystemStatus.Active ? "" : $" · {system.Status}")));
        }

        if (systems.Count > MaxListed)
        {
            body.Add(new TextBlock(string.Create(CultureInfo.InvariantCulture, $"…and {systems.Count - MaxListed} more. Ask for one by name: **system ‹name›**.")) { IsSubtle = true });
        }

        return new AdaptiveCard { Body = body, FallbackText = $"{systems.Count} AI systems in the register." };
    }

    /// <summary>The form of <c>system add</c>; on a retry it keeps what was typed and shows what to fix.</summary>
    public static AdaptiveCard AddForm(Guid submissionId, FormData? values = null, IReadOnlyList<DomainError>? errors = null)
    {
        var body = new List<CardElement>
        {
            CardText.Title("Add an AI system to the register"),
            new TextBlock("Everything the AIMS scope (clause 4.3) needs to know about it. The name becomes its id; it must be unique.") { IsSubtle = true },
        };
        if (errors is { Count: > 0 })
        {
            body.Add(CardText.Errors(errors));
        }

        body.Add(new TextInput { Id = "name", Label = "Name", IsRequired = true, MaxLength = AiSystem.NameMax, ErrorMessage = string.Create(CultureInfo.InvariantCulture, $"A name of {AiSystem.NameMin}–{AiSystem.NameMax} characters."), Value = values?.Raw("name"), Placeholder = "Credit Scorer" });
        body.Add(new TextInput { Id = "description", Label = "Description", IsMultiline = true, MaxLength = AiSystem.DescriptionMax, Value = values?.Raw("description"), Placeholder = "What the system does" });
        body.Add(new TextInput { Id = "intendedUse", Label = "Intended use", IsMultiline = true, MaxLength = AiSystem.IntendedUseMax, Value = values?.Raw("intendedUse"), Placeholder = "Who uses it, for what, and what it must not be used for" });
        body.Add(new ChoiceSetInput
        {
            Id = "roles",
            Label = "The organisation's role(s)",
            IsRequired = true,
            IsMultiSelect = true,
            Style = "expanded",
            ErrorMessage = "Pick at least one role.",
            Value = values?.Raw("roles"),
            Choices = Enum.GetValues<OrganizationRole>().Select(r => new Choice(CardText.Role(r), r.ToString())).ToList(),
        });
        body.Add(new ChoiceSetInput
        {
            Id = "stage",
            Label = "Life-cycle stage",
            IsRequired = true,
            ErrorMessage = "Pick the stage the system is in.",
            Value = values?.Raw("stage") ?? nameof(LifecycleStage.Design),
            Choices = Enum.GetValues<LifecycleStage>().Where(s => s != LifecycleStage.Retired).Select(s => new Choice(CardText.Stage(s), s.ToString())).ToList(),
        });
        body.Add(new ChoiceSetInput
        {
            Id = "riskTier",
            Label = "Risk tier",
            IsRequired = true,
            ErrorMessage = "Pick a risk tier.",
            Value = values?.Raw("riskTier") ?? nameof(RiskTier.Limited),
            Choices = Enum.GetValues<RiskTier>().Select(t => new Choice(CardText.Tier(t), t.ToString())).ToList(),
        });
        body.Add(new TextInput { Id = "owner", Label = "Owner (sign-in name; leave empty for yourself)", MaxLength = 254, Value = values?.Raw("owner"), Placeholder = "dana@contoso.com" });

        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ExecuteAction
                {
                    Title = "Add system",
                    Verb = AddVerb,
                    Style = "positive",
                    AssociatedInputs = "Auto",
                    Data = new JsonObject { ["submissionId"] = submissionId.ToString("N") },
                },
            ],
            FallbackText = "Add an AI system: fill in the form in Teams.",
        };
    }

    /// <summary>What <c>system add</c> stored, in place of the form.</summary>
    public static AdaptiveCard Added(SystemAdded added)
    {
        ArgumentNullException.ThrowIfNull(added);
        var s = added.System;
        var body = new List<CardElement>
        {
            CardText.Title($"Added {CardText.Md(s.System.Name)} to the register"),
            Facts(s),
            new TextBlock(string.Create(CultureInfo.InvariantCulture,
                $"It answers {added.OwnControls} AI-system-layer controls itself; the others come from the organisation. Next: **soa system {CardText.Md(s.System.Name)}**, then **owner ‹control id› system {CardText.Md(s.System.Name)}** followed by an @mention or e-mail address (e.g. A.6.2.6)."))
            {
                IsSubtle = true,
            },
        };
        return new AdaptiveCard { Body = body, FallbackText = $"Added {s.System.Name} ({s.System.Id}) to the register." };
    }

    /// <summary><c>system &lt;name&gt;</c>: the system and where its SoA stands.</summary>
    public static AdaptiveCard Details(ScopeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var s = view.System ?? throw new ArgumentException("A system scope is needed.", nameof(view));
        var soa = view.Soa;
        var body = new List<CardElement>
        {
            CardText.Title(CardText.Md(s.System.Name)),
            Facts(s),
            new TextBlock(string.Create(CultureInfo.InvariantCulture,
                $"Statement of Applicability: {soa.IncludedCount} controls included, {soa.ExcludedCount} excluded, {soa.ImplementedCount} implemented."))
            {
                Spacing = "Medium",
            },
            CardText.Subtle($"Say **controls system {CardText.Md(s.System.Name)}** or **soa system {CardText.Md(s.System.Name)}** for the controls."),
        };
        return new AdaptiveCard { Body = body, FallbackText = $"{s.System.Name} ({s.System.Id})" };
    }

    private static FactSet Facts(StoredAiSystem stored)
    {
        var s = stored.System;
        var facts = new List<Fact>
        {
            new("Id", s.Id),
            new("Organisation's role", string.Join(", ", s.Roles.Select(CardText.Role))),
            new("Life-cycle stage", CardText.Stage(s.Stage)),
            new("Risk tier", CardText.Tier(s.RiskTier)),
            new("Status", s.Status.ToString()),
            new("Owner", CardText.Md(OwnerIds.Display(s.OwnerUserId, stored.OwnerName))),
            new("Added", CardText.Date(s.CreatedAt, TimeZoneInfo.Utc) + " (UTC)"),
        };
        if (s.Description.Length > 0)
        {
            facts.Add(new Fact("Description", CardText.Md(CardText.Shorten(s.Description, 600))));
        }

        if (s.IntendedUse.Length > 0)
        {
            facts.Add(new Fact("Intended use", CardText.Md(CardText.Shorten(s.IntendedUse, 600))));
        }

        return new FactSet { Facts = facts };
    }
}
