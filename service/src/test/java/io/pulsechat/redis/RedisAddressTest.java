package io.pulsechat.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
}
