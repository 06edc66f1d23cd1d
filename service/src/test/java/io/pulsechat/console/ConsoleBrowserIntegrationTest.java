package io.pulsechat.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pulsechat.testing.Eventually;
import io.pulsechat.testing.NodeProcess;
import io.pulsechat.testing.Teardown;
import io.pulsechat.testing.TestStack;
import io.pulsechat.testing.Api;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The ops console in a real browser (headless Chromium): two node processes under a message stream;
 * the console of one lists both, its charts move, a killed node is marked gone, and a stopped Redis
 * shows as an unhealthy dependency.
 */
class ConsoleBrowserIntegrationTest {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private static NodeProcess nodeA;
    private static NodeProcess nodeB;
    private static MessageStream stream;
    private static ChromeDriver browser;

    @BeforeAll
    static void startNodesStreamAndBrowser() {
        if (!Browser.available()) {
            return; // each test is then skipped with the reason (see requireBrowser)
        }
        List<NodeProcess> nodes = NodeProcess.allOnTestStack("console-a", "console-b");
        nodeA = nodes.get(0);
        nodeB = nodes.get(1);
        stream = new MessageStream(nodeA, nodeB, 20, Duration.ofMinutes(3));
        browser = Browser.start(TARGET.resolve("chromedriver.log"));
        browser.get(nodeA.admin("/console").toString());
    }

    @BeforeEach
    void requireBrowser() {
        assumeTrue(Browser.available(), Browser.MISSING);
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (stream != null) {
            stream.close();
        }
        Teardown.closeAll(nodeA, nodeB);
    }

    @Test
    void listsBothNodesWithMovingChartsThenMarksAKilledNodeGone() throws Exception {
        // given two live nodes under a stream of messages
        Eventually.value(SETTLE, () -> statusOf(nodeA.id()) + "," + statusOf(nodeB.id()), "live,live"::equals);
        Map<String, Object> first = Eventually.value(SETTLE, () -> chart("cluster-messages"),
                c -> received(c) > 0 && receivedTotal() > 0);
        long firstTotal = receivedTotal();

        // then the chart and the figures move between two reads
        Map<String, Object> second = Eventually.value(SETTLE, () -> chart("cluster-messages"),
                c -> Long.parseLong((String) c.get("lastTime")) > Long.parseLong((String) first.get("lastTime")));
        assertThat(Integer.parseInt((String) second.get("points"))).isGreaterThan(Integer.parseInt((String) first.get("points")));
        assertThat(received(second)).as("cluster received/s drawn last").isPositive();
        assertThat(Eventually.value(SETTLE, ConsoleBrowserIntegrationTest::receivedTotal, total -> total > firstTotal))
                .isGreaterThan(firstTotal);
        assertThat(partitionsOf(nodeA.id()) + partitionsOf(nodeB.id())).as("partitions owned by the two nodes").isPositive();
        // every partition of the storing group is listed with an owner (none red) once the group has settled
        assertThat(Eventually.value(SETTLE, () -> script("return document.querySelectorAll('tr[data-partition]').length + ','"
                + " + document.querySelectorAll('tr[data-partition].unowned').length + ',' + document.getElementById('unowned').textContent"),
                text -> ((String) text).matches("[1-9][0-9]*,0,0"))).asString().matches("[1-9][0-9]*,0,0");
        saveScreenshot("console.png");

        // when one node dies (SIGKILL: it cannot withdraw its snapshot, which expires), then the other's
        // console marks it gone, and keeps listing it
        nodeB.kill();
        assertThat(Eventually.value(SETTLE, () -> statusOf(nodeB.id()), "gone"::equals)).isEqualTo("gone");
        assertThat(statusOf(nodeA.id())).isEqualTo("live");
        assertThat(stream.failure()).as("the message stream").isNull();
    }

    @Test
    void showsRedisUnhealthyWhileItIsDown() throws Exception {
        assumeTrue(TestStack.get().owned(), "stopping Redis needs a stack this JVM started");
        Eventually.value(SETTLE, () -> health("redis"), "true"::equals);
        TestStack.get().stop("redis");
        try {
            assertThat(Eventually.value(SETTLE, () -> health("redis"), "false"::equals)).isEqualTo("false");
            assertThat(script("return document.querySelector('li[data-check=\"redis\"] .msg').textContent"))
                    .as("the health check's message").asString().isNotBlank();
            assertThat(Eventually.value(SETTLE, () -> script("return document.getElementById('banner').hidden"),
                    Boolean.FALSE::equals)).as("the cluster view says it cannot read Redis").isEqualTo(false);
            saveScreenshot("console-redis-down.png");
        } finally {
            TestStack.get().start("redis");
        }
        assertThat(Eventually.value(SETTLE, () -> health("redis"), "true"::equals)).isEqualTo("true");
    }

    private static Object script(String js, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(js, args);
    }

    private static String statusOf(String nodeId) {
        return (String) script("const row = document.querySelector('tr[data-node=\"' + arguments[0] + '\"]');"
                + "return row ? row.dataset.status : null;", nodeId);
    }

    private static long partitionsOf(String nodeId) {
        return Long.parseLong((String) script("const row = document.querySelector('tr[data-node=\"' + arguments[0] + '\"]');"
                + "return row.children[10].textContent;", nodeId));
    }

    private static String health(String check) {
        return (String) script("const li = document.querySelector('li[data-check=\"' + arguments[0] + '\"]');"
                + "return li ? li.dataset.healthy : null;", check);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> chart(String id) {
        return (Map<String, Object>) script("const c = document.querySelector('canvas[data-chart=\"' + arguments[0] + '\"]');"
                + "return {points: c.dataset.points, lastTime: c.dataset.lastTime || '0', last: c.dataset.last || '{}'};", id);
    }

    /** The cluster's received/s that the chart drew last. */
    private static double received(Map<String, Object> chart) {
        String last = (String) chart.get("last");
        try {
            return Api.JSON.readTree(last).path("receivedPerSec").asDouble();
        } catch (IOException e) {
            throw new AssertionError("the chart's last values are not JSON: " + last, e);
        }
    }

    private static long receivedTotal() {
        String value = (String) script("return document.querySelector('.tile[data-figure=\"received\"]').dataset.value || '0';");
        return Long.parseLong(value);
    }

    private static void saveScreenshot(String name) throws IOException {
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, TARGET.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
