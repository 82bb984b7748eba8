using AimsBot.Domain.Access;
using AimsBot.Domain.Tests.Support;

namespace AimsBot.Domain.Tests.Access;

public class OwnerIdsTests
{
    [Fact]
    public void A_person_known_only_by_upn_is_kept_pending_as_the_lower_case_upn()
    {
        var pending = OwnerIds.Pending("  Dana.Owner@Contoso.COM ");

        Assert.Equal("dana.owner@contoso.com", pending);
        Assert.True(OwnerIds.IsPending(pending));
        Assert.False(OwnerIds.IsPending("6f1c2a9e-6a3b-4d56-9d8e-0a1b2c3d4e5f"));
        Assert.False(OwnerIds.IsPending(null));
        Assert.Throws<ArgumentException>(() => OwnerIds.Pending("not-a-upn"));
    }

    [Fact]
    public void A_pending_owner_matches_no_actor_so_nobody_acts_as_them_until_they_are_known()
    {
        var pending = OwnerIds.Pending("dana.owner@contoso.com");

        Assert.False(Permissions.Can(Actors.Owner, DomainAction.SubmitEvidence, ResourceContext.OwnedBy(pending)).IsAllowed);
        Assert.True(Permissions.Can(Actors.Owner, DomainAction.SubmitEvidence, ResourceContext.OwnedBy(Actors.Owner.UserId)).IsAllowed);
    }

    [Theory]
    [InlineData(null, null, "nobody yet")]
    [InlineData("  ", "Dana", "nobody yet")]
    [InlineData("dana@contoso.com", "Dana Owner", "dana@contoso.com (pending: not known to the bot yet)")]
    [InlineData("6f1c2a9e-6a3b-4d56-9d8e-0a1b2c3d4e5f", "Dana Owner", "Dana Owner")]
    [InlineData("6f1c2a9e-6a3b-4d56-9d8e-0a1b2c3d4e5f", null, "6f1c2a9e-6a3b-4d56-9d8e-0a1b2c3d4e5f")]
    public void An_owner_is_shown_by_name_else_as_pending_else_by_id(string? ownerUserId, string? name, string shown) =>
        Assert.Equal(shown, OwnerIds.Display(ownerUserId, name));
}
