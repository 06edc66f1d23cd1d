package io.pulsechat.auth;

import io.dropwizard.auth.Authenticator;
import java.util.Optional;

public class JwtAuthenticator implements Authenticator<String, ChatPrincipal> {
    private final JwtService jwt;

    public JwtAuthenticator(JwtService jwt) {
        this.jwt = jwt;
    }

    @Override
    public Optional<ChatPrincipal> authenticate(String token) {
        return jwt.verify(token).map(ChatPrincipal::new);
    }
}
