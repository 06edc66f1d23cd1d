package io.pulsechat.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.db.DataSourceFactory;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {
    @Test
    void theProviderFormBecomesJdbcWithItsCredentials() {
        var jdbc = DatabaseUrl.parse("postgres://chat:s3cr%40t@db.example.com:5432/chat?sslmode=require");

        assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://db.example.com:5432/chat?sslmode=require");
        assertThat(jdbc.user()).isEqualTo("chat");
        assertThat(jdbc.password()).isEqualTo("s3cr@t");
    }

    @Test
    void postgresqlSchemeNoPortAndNoCredentialsAreAccepted() {
        var jdbc = DatabaseUrl.parse("postgresql://db.example.com/chat");

        assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://db.example.com/chat");
        assertThat(jdbc.user()).isNull();
        assertThat(jdbc.password()).isNull();
    }

    @Test
    void aJdbcUrlIsUsedAsItIs() {
        String url = "jdbc:postgresql://db.example.com:5432/chat?sslmode=verify-full&sslrootcert=/app/ca.pem";

        assertThat(DatabaseUrl.parse(url)).isEqualTo(new DatabaseUrl.Jdbc(url, null, null));
    }

    @Test
    void theUrlsCredentialsWinOverTheConfiguredOnes() {
        var factory = new DataSourceFactory();
        factory.setUrl("postgres://heroku:p4ss+w0rd@ec2.example.com:5432/d1?sslmode=require");
        factory.setUser("chat");
        factory.setPassword("chat");

        DatabaseUrl.applyTo(factory);

        assertThat(factory.getUrl()).isEqualTo("jdbc:postgresql://ec2.example.com:5432/d1?sslmode=require");
        assertThat(factory.getUser()).isEqualTo("heroku");
        assertThat(factory.getPassword()).isEqualTo("p4ss+w0rd");
    }

    @Test
    void aBadUrlIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://root:hunter2@db/chat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DATABASE_URL").hasMessageNotContaining("hunter2");
    }
}
