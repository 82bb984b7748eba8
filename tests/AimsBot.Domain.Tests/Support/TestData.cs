using AimsBot.Domain;
using AimsBot.Domain.Access;
using AimsBot.Domain.Catalogue;
using AimsBot.Domain.Register;
using AimsBot.Domain.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace AimsBot.Domain.Tests.Support;

internal static class Actors
{
    public static Actor Lead { get; } = Actor.Create("lead-1", Role.ComplianceLead);
    public static Actor OtherLead { get; } = Actor.Create("lead-2", Role.ComplianceLead);
    public static Actor Auditor { get; } = Actor.Create("auditor-1", Role.Auditor);
    public static Actor Approver { get; } = Actor.Create("approver-1", Role.RiskApprover);
    public static Actor OtherApprover { get; } = Actor.Create("approver-2", Role.RiskApprover);
    public static Actor Admin { get; } = Actor.Create("admin-1", Role.Admin);

    /// <summary>A member of staff with no role: may own controls.</summary>
    public static Actor Owner { get; } = Actor.Create("owner-1");
    public static Actor Stranger { get; } = Actor.Create("someone-else");
}

internal static class Zones
{
    public static TimeZoneInfo Auckland { get; } = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Auckland");
    public static TimeZoneInfo LosAngeles { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    public static TimeZoneInfo Utc { get; } = TimeZoneInfo.Utc;
}

internal static class Build
{
    public static FakeTimeProvider Clock(string isoInstant) => new(DateTimeOffset.Parse(isoInstant, System.Globalization.CultureInfo.InvariantCulture));

    public static ControlId Id(string id) => ControlId.Parse(id);

    public static T Ok<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, "Expected success but got: " + result.ErrorMessage);
        return result.Value!;
    }

    public static DomainError Fails<T>(Result<T> result, string code)
    {
        Assert.True(result.IsFailure, "Expected failure " + code + " but the operation succeeded.");
        var error = Assert.Single(result.Errors, e => e.Code == code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }

    public static ControlInstance Instance(
        string controlId,
        TimeProvider clock,
        ControlScope? scope = null,
        EvidenceCadence? cadence = null,
        TimeZoneInfo? zone = null,
        ControlLayer? layer = null) =>
        Ok(ControlInstance.Create(scope ?? ControlScope.Organization, Id(controlId), Actors.Lead, clock, zone ?? Zones.Utc, cadence, layer));

    public static ControlInstance Owned(ControlInstance instance, Actor owner, TimeZoneInfo? zone = null) =>
        Ok(instance.AssignOwner(owner.UserId, zone ?? instance.DueZone, Actors.Lead));
}
