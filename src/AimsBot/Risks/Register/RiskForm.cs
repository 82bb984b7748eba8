using System.Globalization;
using System.Text.Json.Nodes;
using AimsBot.Domain;
using AimsBot.Domain.Risks;
using AimsBot.Register;
using AimsBot.Teams.Cards;
using AimsBot.Teams.Hosting;

namespace AimsBot.Risks.Register;

/// <summary>
/// The risk form, shared by <c>risk add</c>, <c>risk edit</c> and "Complete this risk": its inputs, the card, and its
/// reader. Everything it sends is the caller's to forge: choices are read strictly (a value not offered is refused),
/// dates must be real dates, people are resolved, and the domain checks the rest.
/// </summary>
public static class RiskForm
{
    public const string Title = "title";
    public const string Description = "description";
    public const string SourceKind = "source";
    public const string SourceReference = "sourceReference";
    public const string Owner = "owner";
    public const string Likelihood = "likelihood";
    public const string Consequence = "consequence";
    public const string Option = "option";
    public const string Controls = "controls";
    public const string ResidualLikelihood = "residualLikelihood";
    public const string ResidualConsequence = "residualConsequence";

    /// <summary>
    /// Action rows the form can hold: as many as a plan may have, so saving the form never drops an action. It shows the
    /// plan's actions and a few empty rows (<see cref="MinimumSlots"/>), not all of them.
    /// </summary>
    public const int ActionSlots = Risk.MaxActions;

    /// <summary>Empty action rows offered below the existing ones (at least this many, up to <see cref="ActionSlots"/>).</summary>
    public const int MinimumSlots = 3;

    public const int ControlsMax = 500;

    public static string ActionTitle(int slot) => string.Create(CultureInfo.InvariantCulture, $"action{slot}Title");

    public static string ActionOwner(int slot) => string.Create(CultureInfo.InvariantCulture, $"action{slot}Owner");

    public static string ActionDue(int slot) => string.Create(CultureInfo.InvariantCulture, $"action{slot}Due");

    /// <summary>The number of the existing action a row edits (in the button's data, not an input).</summary>
    public static string ActionNumber(int slot) => string.Create(CultureInfo.InvariantCulture, $"action{slot}Number");

    /// <summary>What the form starts with for an existing risk: its fields, people by sign-in name.</summary>
    public static async Task<(FormData Values, JsonObject Numbers)> ValuesOfAsync(Risk risk, RiskPeople people, string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(people);
        var values = new List<(string, string)>
        {
            (Title, risk.Title),
            (Description, risk.Description),
            (SourceKind, risk.Source.Kind.Name()),
            (SourceReference, risk.Source.Reference ?? ""),
            (Owner, await people.TypedFormOfAsync(tenantId, risk.OwnerUserId, cancellationToken) ?? ""),
            (Controls, string.Join(", ", risk.Plan.Controls.Select(c => c.Value))),
        };
        if (risk.Inherent is { } inherent)
        {
            values.Add((Likelihood, Number(inherent.Likelihood)));
            values.Add((Consequence, Number(inherent.Consequence)));
        }

        if (risk.Plan.Residual is { } residual)
        {
            values.Add((ResidualLikelihood, Number(residual.Likelihood)));
            values.Add((ResidualConsequence, Number(residual.Consequence)));
        }

        if (risk.Plan.Option is { } option)
        {
            values.Add((Option, option.Name()));
        }

        var numbers = new JsonObject();
        var slot = 0;
        foreach (var action in risk.Plan.Actions.Take(ActionSlots))
        {
            values.Add((ActionTitle(slot), action.Title));
            values.Add((ActionOwner(slot), await people.TypedFormOfAsync(tenantId, action.OwnerUserId, cancellationToken) ?? ""));
            values.Add((ActionDue(slot), action.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            numbers[ActionNumber(slot)] = Number(action.Number);
            slot++;
        }

        return (FormData.Of([.. values]), numbers);
    }

    /// <summary>
    /// The form. <paramref name="data"/> goes back with the button (what the form is for: a submission id and system,
    /// or a risk id and revision, and the numbers of the actions it shows); <paramref name="isNew"/> offers the source.
    /// </summary>
    public static AdaptiveCard Card(
        string heading,
        string? intro,
        RiskCriteriaOptions criteria,
        bool isNew,
        string verb,
        string buttonTitle,
        JsonObject data,
        FormData? values,
        IReadOnlyList<DomainError>? errors = null,
        string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(data);
        var body = new List<CardElement> { CardText.Title(heading) };
        if (intro is not null)
        {
            body.Add(new TextBlock(intro) { IsSubtle = true });
        }

        if (notice is not null)
        {
            body.Add(new TextBlock(notice) { Color = "Warning" });
        }

        if (errors is { Count: > 0 })
        {
            body.Add(CardText.Errors(errors));
        }

        body.Add(new TextInput { Id = Title, Label = "Title", IsRequired = true, MaxLength = Risk.TitleMax, ErrorMessage = string.Create(CultureInfo.InvariantCulture, $"A title of {Risk.TitleMin}–{Risk.TitleMax} characters."), Value = values?.Raw(Title), Placeholder = "Applicants refused credit unfairly" });
        body.Add(new TextInput { Id = Description, Label = "Description", IsMultiline = true, MaxLength = Risk.DescriptionMax, Value = values?.Raw(Description), Placeholder = "What could happen, to whom, and why" });
        if (isNew)
        {
            body.Add(new ChoiceSetInput
            {
                Id = SourceKind,
                Label = "Where it was identified",
                Value = values?.Raw(SourceKind) ?? RiskSourceKind.Manual.Name(),
                Choices = Enum.GetValues<RiskSourceKind>().Select(k => new Choice(SourceWords(k), k.Name())).ToList(),
            });
            body.Add(new TextInput { Id = SourceReference, Label = "Source reference (the nonconformity's, audit's or assessment's id; empty when added by hand)", MaxLength = RiskSource.ReferenceMax, Value = values?.Raw(SourceReference) });
        }

        body.Add(new TextInput { Id = Owner, Label = "Risk owner (sign-in name; empty for yourself)", MaxLength = 254, Value = values?.Raw(Owner), Placeholder = "dana@contoso.com" });
        body.Add(new TextBlock("Rating before treatment") { Weight = "Bolder", Spacing = "Medium" });
        body.Add(Scale(Likelihood, "Likelihood", criteria.LikelihoodScale, values));
        body.Add(Scale(Consequence, "Consequence", criteria.ConsequenceScale, values));

        body.Add(new TextBlock("Treatment plan") { Weight = "Bolder", Spacing = "Medium" });
        body.Add(new ChoiceSetInput
        {
            Id = Option,
            Label = "Treatment option",
            Value = values?.Raw(Option),
                Choices = Enum.GetValues<TreatmentOption>().Select(o => new Choice(OptionWords(o), o.Name())).ToList(),
        });
        body.Add(new TextInput { Id = Controls, Label = "Annex A controls that treat it (comma-separated)", MaxLength = ControlsMax, Value = values?.Raw(Controls), Placeholder = "A.6.2.6, A.7.4" });

        var filled = Enumerable.Range(0, ActionSlots).Count(i => values?.Text(ActionTitle(i)) is not null || data[ActionNumber(i)] is not null);
        var slots = Math.Min(ActionSlots, Math.Max(MinimumSlots, filled + 1));
        for (var i = 0; i < slots; i++)
        {
            body.Add(new ColumnSet
            {
                Spacing = "Small",
                Columns =
                [
                    new Column { Width = "stretch", Items = [new TextInput { Id = ActionTitle(i), Label = string.Create(CultureInfo.InvariantCulture, $"Action {i + 1}: what is to be done"), MaxLength = Risk.ActionTitleMax, Value = values?.Raw(ActionTitle(i)), Placeholder = "Retrain on balanced data" }] },
                    new Column { Width = "stretch", Items = [new TextInput { Id = ActionOwner(i), Label = "by whom (empty: the risk owner)", MaxLength = 254, Value = values?.Raw(ActionOwner(i)), Placeholder = "sam@contoso.com" }] },
                    new Column { Width = "auto", Items = [new DateInput { Id = ActionDue(i), Label = "by when", Value = values?.Raw(ActionDue(i)) }] },
                ],
            });
        }

        body.Add(new TextBlock("Target residual risk, after treatment") { Weight = "Bolder", Spacing = "Medium" });
        body.Add(Scale(ResidualLikelihood, "Residual likelihood", criteria.LikelihoodScale, values));
        body.Add(Scale(ResidualConsequence, "Residual consequence", criteria.ConsequenceScale, values));
        body.Add(CardText.Subtle("Say **risk criteria** for what each point means and the level each pair gives."));

        return new AdaptiveCard
        {
            Body = body,
            Actions =
            [
                new ExecuteAction { Title = buttonTitle, Verb = verb, Style = "positive", AssociatedInputs = "Auto", Data = (JsonObject)data.DeepClone() },
            ],
            FallbackText = heading + ": fill in the form in Teams.",
        };
    }

    /// <summary>
    /// Reads what the form sent into a <see cref="RiskInput"/>: every problem it can see itself (a choice not offered, a
    /// date that is not one, a person it cannot identify, an action without a title) at once; the domain checks the rest.
    /// </summary>
    public static async Task<Result<RiskInput>> ReadAsync(
        FormData form,
        bool isNew,
        RiskCriteriaOptions criteria,
        RiskPeople people,
        Commands.Caller caller,
        TurnContext turn,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new List<DomainError>();

        var owner = caller.UserKey;
        if (form.Text(Owner) is { } ownerText)
        {
            var resolved = await people.ResolveAsync(caller.TenantId, ownerText, Owner, turn, cancellationToken);
            if (resolved.TryGetValue(out var person))
            {
                owner = person.UserId;
            }
            else
            {
                errors.AddRange(resolved.Errors);
            }
        }

        var source = RiskSource.Manual;
        if (isNew)
        {
            if (!RiskNames.TryParseSource(form.Text(SourceKind) ?? RiskSourceKind.Manual.Name(), out var kind))
            {
                errors.Add(new DomainError("risk.source.unknown", "Choose where the risk was identified: impact assessment, nonconformity, audit or added by hand.", SourceKind));
            }
            else
            {
                var made = RiskSource.Create(kind, form.Text(SourceReference));
                if (made.TryGetValue(out var s))
                {
                    source = s;
                }
                else
                {
                    errors.AddRange(made.Errors);
                }
            }
        }

        var rating = Pair(errors, form, Likelihood, Consequence, criteria, "rating before treatment");
        var residual = Pair(errors, form, ResidualLikelihood, ResidualConsequence, criteria, "residual risk");

        TreatmentOption? option = null;
        if (form.Text(Option) is { } optionText)
        {
            if (RiskNames.TryParseOption(optionText, out var parsed))
            {
                option = parsed;
            }
            else
            {
                errors.Add(new DomainError("risk.option.unknown", "Choose reduce, avoid, share or accept as the treatment option.", Option));
            }
        }

        var controlsText = form.Text(Controls) ?? "";
        if (controlsText.Length > ControlsMax)
        {
            errors.Add(new DomainError("risk.controls.too-long", string.Create(CultureInfo.InvariantCulture, $"List at most {ControlsMax} characters of control ids."), Controls));
        }

        var controls = controlsText.Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

        var actions = new List<TreatmentActionDraft>();
        for (var i = 0; i < ActionSlots; i++)
        {
            var title = form.Text(ActionTitle(i));
            var who = form.Text(ActionOwner(i));
            var dueText = form.Text(ActionDue(i));
            var number = ReadNumber(form.Text(ActionNumber(i)), 1, int.MaxValue, out var badNumber);
            if (badNumber)
            {
                errors.Add(new DomainError("risk.action.number", "This form's actions do not match the risk any more. Say **risk edit ‹id›** for a fresh form.", ActionNumber(i)));
                continue;
            }

            if (title is null && who is null && dueText is null)
            {
                continue; // an empty row: nothing new, or an existing action removed
            }

            var row = string.Create(CultureInfo.InvariantCulture, $"Action {i + 1}");
            if (title is null)
            {
                errors.Add(new DomainError("risk.action.title.required", $"{row}: say what is to be done (or clear the row).", ActionTitle(i)));
            }

            var due = form.Date(ActionDue(i), out var invalidDate);
            if (invalidDate)
            {
                errors.Add(new DomainError("risk.action.due.invalid", $"{row}: '{Shorten(dueText!)}' is not a date; pick one from the calendar (yyyy-mm-dd).", ActionDue(i)));
            }
            else if (due is null)
            {
                errors.Add(new DomainError("risk.action.due.required", $"{row}: give the date it is due.", ActionDue(i)));
            }

            var actionOwner = owner;
            if (who is not null)
            {
                var resolved = await people.ResolveAsync(caller.TenantId, who, ActionOwner(i), turn, cancellationToken);
                if (resolved.TryGetValue(out var person))
                {
                    actionOwner = person.UserId;
                }
                else
                {
                    errors.AddRange(resolved.Errors.Select(e => e with { Message = $"{row}: {e.Message}" }));
                }
            }

            actions.Add(new TreatmentActionDraft(number, title, actionOwner, due));
        }

        if (errors.Count > 0)
        {
            return Result.Failure<RiskInput>(errors);
        }

        var hasPlan = !isNew || option is not null || controls.Count > 0 || actions.Count > 0 || residual is not null;
        var plan = hasPlan ? new TreatmentPlanDraft(option, controls, actions, residual?.Likelihood, residual?.Consequence) : null;
        return Result.Success(new RiskInput(new RiskDetails(form.Raw(Title), form.Raw(Description), owner), source, rating, plan));
    }

    public static string SourceWords(RiskSourceKind kind) => kind switch
    {
        RiskSourceKind.ImpactAssessment => "Impact assessment",
        RiskSourceKind.Nonconformity => "Nonconformity",
        RiskSourceKind.Audit => "Audit",
        _ => "Added by hand",
    };

    public static string OptionWords(TreatmentOption option) => option switch
    {
        TreatmentOption.Reduce => "Reduce (controls and actions)",
        TreatmentOption.Avoid => "Avoid (stop the activity)",
        TreatmentOption.Share => "Share (supplier, insurer)",
        _ => "Accept (knowingly, as it is)",
    };

    /// <summary>"3 · possible".</summary>
    public static string PointWords(IReadOnlyList<RiskScalePoint> scale, int point) =>
        point >= 1 && point <= scale.Count ? string.Create(CultureInfo.InvariantCulture, $"{point} · {scale[point - 1].Name}") : Number(point);

    private static ChoiceSetInput Scale(string id, string label, IReadOnlyList<RiskScalePoint> scale, FormData? values) => new()
    {
        Id = id,
        Label = label,
        Value = values?.Raw(id),
        Choices = scale.Select((p, i) => new Choice(PointWords(scale, i + 1), Number(i + 1))).ToList(),
    };

    /// <summary>Both points of a rating or neither; each must be a point the form offered.</summary>
    private static (int Likelihood, int Consequence)? Pair(List<DomainError> errors, FormData form, string likelihoodId, string consequenceId, RiskCriteriaOptions criteria, string what)
    {
        var l = ReadNumber(form.Text(likelihoodId), 1, criteria.LikelihoodScale.Count, out var badL);
        var c = ReadNumber(form.Text(consequenceId), 1, criteria.ConsequenceScale.Count, out var badC);
        if (badL || badC)
        {
            errors.Add(new DomainError("risk.rating.choice", $"Choose the {what}'s likelihood and consequence from the lists offered.", badL ? likelihoodId : consequenceId));
            return null;
        }

        if (l is null != c is null)
        {
            errors.Add(new DomainError("risk.rating.incomplete", $"Give both the likelihood and the consequence of the {what}, or neither.", l is null ? likelihoodId : consequenceId));
            return null;
        }

        return l is { } likelihood && c is { } consequence ? (likelihood, consequence) : null;
    }

    /// <summary>A whole number in range, or null when absent; <paramref name="bad"/> when something else was sent.</summary>
    private static int? ReadNumber(string? text, int min, int max, out bool bad)
    {
        bad = false;
        if (text is null)
        {
            return null;
        }

        if (text.Length > 9 || !text.All(char.IsAsciiDigit) || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            bad = true;
            return null;
        }

        return value;
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Shorten(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
