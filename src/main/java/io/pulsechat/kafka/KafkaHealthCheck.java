package io.pulsechat.kafka;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.util.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

class KafkaHealthCheck extends HealthCheck {
    private final Admin admin;
    private final Duration timeout;

    KafkaHealthCheck(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    protected Result check() throws Exception {
        var options = new DescribeClusterOptions().timeoutMs((int) timeout.toMilliseconds());
        int brokers = admin.describeCluster(options).nodes().get(timeout.toMilliseconds(), TimeUnit.MILLISECONDS).size();
        return brokers > 0 ? Result.healthy("%d broker(s)", brokers) : Result.unhealthy("no brokers");
    }
}
