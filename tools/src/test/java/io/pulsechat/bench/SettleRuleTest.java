package io.pulsechat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettleRuleTest {
    @Test
    void settlesAtTheFirstWindowAfterWhichNoneIsAboveTheCeiling() {
        // steady = median(20, 22, 21) = 21 ms; ceiling = max(26.25, 26) = 26.25 ms
        List<Double> p99s = List.of(400.0, 120.0, 30.0, 26.0, 20.0, 22.0, 21.0);

        assertThat(SettleRule.steady(p99s)).hasValue(21.0);
        assertThat(SettleRule.settledFrom(p99s)).hasValue(3);
    }

    @Test
    void aLateSpikeMovesTheSettlingPointPastIt() {
        List<Double> p99s = List.of(400.0, 20.0, 21.0, 90.0, 20.0, 22.0, 21.0);

        assertThat(SettleRule.settledFrom(p99s)).hasValue(4);
    }

    @Test
    void smallLevelsGetFiveMillisecondsOfSlackRatherThanAQuarter() {
        // steady 4 ms: 1.25 x would allow 5 ms, the slack allows 9 ms
        List<Double> p99s = List.of(50.0, 9.0, 8.5, 4.0, 3.5, 4.0);

        assertThat(SettleRule.ceiling(4.0)).isEqualTo(9.0);
        assertThat(SettleRule.settledFrom(p99s)).hasValue(1);
    }

    @Test
    void windowsBelowTheSteadyLevelCountAsSettled() {
        assertThat(SettleRule.settledFrom(List.of(200.0, 5.0, 30.0, 31.0, 29.0))).hasValue(1);
    }

    @Test
    void aStreamWhoseLastWindowIsStillAboveTheCeilingHasNotSettled() {
        assertThat(SettleRule.settledFrom(List.of(300.0, 200.0, 20.0, 20.0, 100.0))).isEmpty();
    }

    @Test
    void fewerThanThreeWindowsGiveNoAnswer() {
        assertThat(SettleRule.settledFrom(List.of(10.0, 10.0))).isEmpty();
        assertThat(SettleRule.settledFrom(List.of(10.0, 10.0, 10.0))).hasValue(0);
    }
}
