package io.pulsechat.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The users and conversations of a run. User u connects to node u % nodes. In the spread layout
 * directs pair users 0-1, 2-3, ...; groups take the next users in order, wrapping around, so a small
 * user count still yields every conversation, and a conversation touches as many nodes as it has
 * members. In the paired layout (the scale-out scenario) each conversation touches at most two
 * nodes: alternately all its members on one node, or split between that node and the next.
 */
record Population(List<BenchUser> users, List<BenchConversation> conversations) {
    record BenchUser(int index, String id, String token) {}

    record BenchConversation(int index, String id, int[] members, boolean group) {}

    /** How the members of a conversation are placed over the nodes. */
    enum Layout {
        SPREAD, PAIRED;

        List<int[]> members(int users, int nodes, int directs, int groups, int groupSize) {
            return this == SPREAD ? layout(users, directs, groups, groupSize)
                    : paired(users, nodes, directs, groups, groupSize);
        }
    }

    /**
     * Conversation c lives on node c % nodes and, when (c / nodes) is odd, also on the next node (the
     * first half of its members on its own node, the rest on the next); with one node every
     * conversation is within it. Each node hands out its own users (u with u % nodes == node) in turn.
     */
    static List<int[]> paired(int users, int nodes, int directs, int groups, int groupSize) {
        if (nodes < 1 || users < nodes * groupSize) {
            throw new IllegalArgumentException("the paired layout needs at least " + groupSize + " users per node ("
                    + nodes + " nodes, " + users + " users)");
        }
        int[] next = new int[nodes];
        List<int[]> layout = new ArrayList<>(directs + groups);
        for (int c = 0; c < directs + groups; c++) {
            int size = c < directs ? 2 : groupSize;
            int home = c % nodes;
            boolean across = nodes > 1 && (c / nodes) % 2 == 1;
            int onHome = across ? (size + 1) / 2 : size;
            int[] members = new int[size];
            for (int j = 0; j < size; j++) {
                int node = j < onHome ? home : (home + 1) % nodes;
                members[j] = userOf(node, next[node]++, users, nodes);
            }
            layout.add(members);
        }
        return layout;
    }

    /**
     * The k-th user handed out by {@code node}, wrapping around its users. The consecutive picks of one
     * conversation are distinct users because a node has at least a group's worth of them.
     */
    private static int userOf(int node, int k, int users, int nodes) {
        int onNode = (users - node + nodes - 1) / nodes;
        return node + (k % onNode) * nodes;
    }

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
