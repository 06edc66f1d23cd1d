package io.pulsechat.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The users and conversations of a run. Directs pair users 0-1, 2-3, ...; groups take the next
 * users in order, wrapping around, so a small user count still yields every conversation.
 */
record Population(List<BenchUser> users, List<BenchConversation> conversations) {
    record BenchUser(int index, String id, String token) {}

    record BenchConversation(int index, String id, int[] members, boolean group) {}

    /** Member indexes of each conversation: directs first, then groups. */
    static List<int[]> layout(int users, int directs, int groups, int groupSize) {
        List<int[]> layout = new ArrayList<>(directs + groups);
        for (int d = 0; d < directs; d++) {
            layout.add(new int[] {(2 * d) % users, (2 * d + 1) % users});
        }
        int base = 2 * directs;
        for (int g = 0; g < groups; g++) {
            int[] members = new int[groupSize];
            for (int j = 0; j < groupSize; j++) {
                members[j] = (base + g * groupSize + j) % users;
            }
            layout.add(members);
        }
        return layout;
    }

    /** Deliveries one message of this conversation makes: every member but the sender, one session each. */
    int receiversOf(int conversation) {
        return conversations.get(conversation).members().length - 1;
    }
}
