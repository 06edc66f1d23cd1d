package io.pulsechat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PopulationTest {

    /** The nodes a conversation's members connect to: user u connects to node u % nodes. */
    private static Set<Integer> nodesOf(int[] members, int nodes) {
        return Arrays.stream(members).map(u -> u % nodes).boxed().collect(Collectors.toSet());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 4})
    void thePairedLayoutPutsEachConversationOnOneNodeOrTwoNeighbours(int nodes) {
        List<int[]> layout = Population.paired(200, nodes, 80, 10, 5);

        assertThat(layout).hasSize(90);
        long within = layout.stream().filter(m -> nodesOf(m, nodes).size() == 1).count();
        long across = layout.stream().filter(m -> nodesOf(m, nodes).size() == 2).count();
        assertThat(within + across).as("no conversation touches more than two nodes").isEqualTo(90);
        assertThat(within).as("half within a node").isBetween(40L, 50L);
        for (int[] members : layout) {
            assertThat(Arrays.stream(members).distinct().count()).as("distinct members").isEqualTo(members.length);
            assertThat(Arrays.stream(members).boxed().toList()).allSatisfy(u -> assertThat(u).isBetween(0, 199));
            Set<Integer> on = nodesOf(members, nodes);
            if (on.size() == 2) {
                int home = members[0] % nodes;
                assertThat(on).as("the second node is the next one").containsExactlyInAnyOrder(home, (home + 1) % nodes);
            }
        }
        assertThat(layout.subList(80, 90)).allSatisfy(group -> assertThat(group).hasSize(5));
    }

    @Test
    void everyNodeHoldsItsShareOfConversations() {
        List<int[]> layout = Population.paired(200, 4, 80, 10, 5);

        long[] touching = new long[4];
        layout.forEach(m -> nodesOf(m, 4).forEach(n -> touching[n]++));
        assertThat(Arrays.stream(touching).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(30L, 36L));
    }

    @Test
    void withOneNodeEveryConversationIsWithinIt() {
        assertThat(Population.paired(200, 1, 80, 10, 5)).allSatisfy(m -> assertThat(nodesOf(m, 1)).containsExactly(0));
    }

    @Test
    void aNodeNeedsAGroupsWorthOfUsers() {
        assertThatThrownBy(() -> Population.paired(16, 4, 4, 1, 5)).hasMessageContaining("at least 5 users per node");
    }
}
