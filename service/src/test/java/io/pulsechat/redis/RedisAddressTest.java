package io.pulsechat.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

class RedisAddressTest {
    @Test
    void rediss_isTlsWithItsAclUserPasswordAndDatabase() {
        var address = RedisAddress.parse("rediss://chat:s3cret@redis.example.com:6380/2");

        assertThat(address).isEqualTo(new RedisAddress("redis.example.com", 6380, true, "chat", "s3cret", 2));
        assertThat(address.toString()).isEqualTo("rediss://chat:***@redis.example.com:6380/2").doesNotContain("s3cret");
    }

    @Test
    void aPasswordAloneAndTheDefaultPort() {
        var address = RedisAddress.parse("redis://:s3cret@127.0.0.1");

        assertThat(address).isEqualTo(new RedisAddress("127.0.0.1", 6379, false, null, "s3cret", 0));
    }

    @Test
    void aBareSlashIsDatabaseZeroAndAPasswordWithoutItsColonIsRefusedMasked() {
        assertThat(RedisAddress.parse("redis://127.0.0.1:6380/").database()).isZero();
        assertThatThrownBy(() -> RedisAddress.parse("redis://s3cret@127.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":password@")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void errorsNeverShowThePassword() {
        assertThatThrownBy(() -> RedisAddress.parse("http://default:s3cret@redis.example.com:6379"))
                .hasMessageContaining("rediss://").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RedisAddress.parse("rediss://default:s3c ret@redis.example.com:6379"))
                .hasMessageNotContaining("s3c ret");
        assertThatThrownBy(() -> RedisAddress.parse("rediss://default:s3c#ret@redis.example.com:6379"))
                .hasMessageContaining("REDIS_PASSWORD").hasMessageNotContaining("s3c");
    }

    @Test
    void aClusterUrlNamesSeveralSeedsThatShareItsSchemeAndCredentials() {
        String url = "rediss://chat:s3cret@node-1.example.com:7000,node-2.example.com:7001,node-3.example.com";

        assertThat(RedisAddress.seeds(url)).containsExactly(new HostAndPort("node-1.example.com", 7000),
                new HostAndPort("node-2.example.com", 7001), new HostAndPort("node-3.example.com", 6379));
        assertThat(RedisAddress.parse(RedisAddress.firstSeed(url)))
                .isEqualTo(new RedisAddress("node-1.example.com", 7000, true, "chat", "s3cret", 0));
    }

    @Test
    void aUrlOfOneHostIsItsOwnOnlySeed() {
        String url = "redis://:pass@127.0.0.1:16379/0";

        assertThat(RedisAddress.seeds(url)).containsExactly(new HostAndPort("127.0.0.1", 16379));
        assertThat(RedisAddress.firstSeed(url)).isEqualTo(url);
    }

    @Test
    void aBadSeedIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> RedisAddress.seeds("redis://chat:s3cret@node-1:7000,:7001"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("s3cret");
    }
}
