package io.pulsechat.kafka;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.util.Duration;
import io.pulsechat.health.OutageLog;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

class KafkaHealthCheck extends HealthCheck {
    private final Admin admin;
    private final Duration timeout;
    private final OutageLog outage = OutageLog.of("kafka");

    private final Supplier<String> consumerProblem;

    KafkaHealthCheck(Admin admin, Duration timeout, Supplier<String> consumerProblem) {
        this.admin = admin;
        this.timeout = timeout;
        this.consumerProblem = consumerProblem;
    }

    @Override
    protected Result check() throws InterruptedException {
        var options = new DescribeClusterOptions().timeoutMs((int) timeout.toMilliseconds());
        try {
            int brokers = admin.describeCluster(options).nodes().get(timeout.toMilliseconds(), TimeUnit.MILLISECONDS).size();
            outage.recovered();
            if (brokers == 0) {
                return Result.unhealthy("no brokers");
            }
            String consumer = consumerProblem.get();
            return consumer == null ? Result.healthy("%d broker(s)", brokers) : Result.unhealthy(consumer);
        } catch (ExecutionException | TimeoutException e) {
            String reason = KafkaErrors.describe(e);
            outage.failed(reason);
            return Result.unhealthy(reason);
        }
    }
}
