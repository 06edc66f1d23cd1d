package io.pulsechat.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/** Argon2id password hashes in the PHC string format, which carries its own parameters and salt. */
public class PasswordHasher {
    private static final int HASH_BYTES = 32;

    private final Argon2Function argon2;
    /** Checked against when the account is unknown, so that a login costs the same either way. */
    private final String decoyHash;

    public PasswordHasher(int memoryKib, int iterations, int parallelism) {
        this.argon2 = Argon2Function.getInstance(memoryKib, iterations, parallelism, HASH_BYTES, Argon2.ID);
        this.decoyHash = hash("decoy-password-never-used");
    }

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(argon2).getResult();
    }

    public boolean matches(String password, String storedHash) {
        if (storedHash == null) {
            Password.check(password, decoyHash).with(argon2);
            return false;
        }
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }
}
