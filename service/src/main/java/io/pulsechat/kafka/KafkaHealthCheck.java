package io.pulsechat.kafka;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.util.Duration;
import io.pulsechat.health.UnhealthyLog;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

class KafkaHealthCheck extends HealthCheck {
    private final Admin admin;
    private final Duration timeout;
    private final UnhealthyLog failures = new UnhealthyLog("kafka");

    KafkaHealthCheck(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    protected Result check() throws InterruptedException {
        var options = new DescribeClusterOptions().timeoutMs((int) timeout.toMilliseconds());
        try {
            int brokers = admin.describeCluster(options).nodes().get(timeout.toMilliseconds(), TimeUnit.MILLISECONDS).size();
            failures.clear();
            return brokers > 0 ? Result.healthy("%d broker(s)", brokers) : Result.unhealthy("no brokers");
        } catch (ExecutionException | TimeoutException e) {
            return Result.unhealthy(failures.report(KafkaErrors.describe(e)));
        }
    }
}
