package io.pulsechat.core;

import java.util.UUID;

public record MemberRow(UUID userId, String name, String image, String color, String role, long lastReadSeq) {}
