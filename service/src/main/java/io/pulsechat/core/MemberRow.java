package io.pulsechat.core;

import java.util.UUID;

/** A member with its profile, read position and unread count. */
public record MemberRow(UUID userId, String name, String image, String color, String role, long lastReadSeq,
                        long unreadCount) {}
