package io.pulsechat.resources;

import io.pulsechat.core.AbuseSettings;
import io.pulsechat.core.ChatException;
import io.pulsechat.core.ErrorCode;
import io.pulsechat.core.RateLimiter;
import java.util.Locale;

/** Slows password guessing and mass registration: per account and per client address, on this node. */
public class AuthThrottle {
    private final RateLimiter<String> loginsPerAccount;
    private final RateLimiter<String> loginsPerAddress;
    private final RateLimiter<String> registrationsPerAddress;

    public AuthThrottle(AbuseSettings settings) {
        this.loginsPerAccount = new RateLimiter<>(settings.getLoginsPerMinutePerAccount() / 60.0,
                settings.getLoginsPerMinutePerAccount(), System::nanoTime);
        this.loginsPerAddress = new RateLimiter<>(settings.getLoginsPerMinutePerAddress() / 60.0,
                settings.getLoginBurstPerAddress(), System::nanoTime);
        this.registrationsPerAddress = new RateLimiter<>(settings.getRegistrationsPerHourPerAddress() / 3600.0,
                settings.getRegistrationBurstPerAddress(), System::nanoTime);
    }

    void login(String address, String email) {
        String account = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (!loginsPerAddress.tryAcquire(address) || !loginsPerAccount.tryAcquire(account)) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "too many login attempts; retry in a minute");
        }
    }

    void registration(String address) {
        if (!registrationsPerAddress.tryAcquire(address)) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "too many registrations from this address; retry later");
        }
    }
}
