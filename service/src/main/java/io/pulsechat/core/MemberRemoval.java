package io.pulsechat.core;

/** The removed member's view of the conversation just before, and whether the group is now gone. */
public record MemberRemoval(ConversationRow before, boolean deleted) {}
