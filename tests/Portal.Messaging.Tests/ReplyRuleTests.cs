using Portal.Messaging.Conversations;

namespace Portal.Messaging.Tests;

public sealed class ReplyRuleTests
{
    [Fact]
    public void S4_a_patient_may_reply_only_in_an_open_conversation_that_allows_replies_while_the_clinic_accepts_them()
    {
        PatientReplyRule.Refusal("open", conversationAllowsReplies: true, clinicAcceptsReplies: true).ShouldBeNull();
        PatientReplyRule.Allows("open", true, true).ShouldBeTrue();

        PatientReplyRule.Refusal("open", conversationAllowsReplies: false, clinicAcceptsReplies: true)!.Code.ShouldBe("replies_not_allowed");
        PatientReplyRule.Refusal("open", conversationAllowsReplies: true, clinicAcceptsReplies: false)!.Code.ShouldBe("replies_turned_off");
        PatientReplyRule.Refusal("closed", conversationAllowsReplies: true, clinicAcceptsReplies: true)!.Code.ShouldBe("conversation_closed");
        PatientReplyRule.Allows("open", false, true).ShouldBeFalse();
        PatientReplyRule.Allows("open", true, false).ShouldBeFalse();
        PatientReplyRule.Allows("closed", true, true).ShouldBeFalse();
    }

    [Fact]
    public void S4_allow_replies_can_be_ticked_only_while_the_clinic_accepts_replies()
    {
        AllowRepliesRule.Refusal(allowReplies: true, clinicAcceptsReplies: true).ShouldBeNull();
        AllowRepliesRule.Refusal(allowReplies: false, clinicAcceptsReplies: true).ShouldBeNull();
        AllowRepliesRule.Refusal(allowReplies: false, clinicAcceptsReplies: false).ShouldBeNull();

        var refusal = AllowRepliesRule.Refusal(allowReplies: true, clinicAcceptsReplies: false)!;
        refusal.Code.ShouldBe("replies_disabled_by_clinic");
        refusal.FieldCodes!["allowReplies"].ShouldBe(["replies_disabled_by_clinic"]);
    }
}
