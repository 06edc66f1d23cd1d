package io.pulsechat.db;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** The accounts the frontend's sign-in makes: no password, and a "notes to self" conversation from the start. */
@RegisterConstructorMapper(PasswordlessAccountDao.Account.class)
public interface PasswordlessAccountDao {
    /** {@code passwordHash} is not null for an account made with a password. */
    record Account(UUID id, String name, String email, String passwordHash, String image, String color, String provider) {}

    @SqlQuery("SELECT id, name, email, password_hash, image, color, provider FROM users WHERE lower(email) = lower(:email)")
    Optional<Account> find(@Bind("email") String email);

    /** The account and its notes-to-self conversation, together; a concurrent first sign-in wins the email. */
    @Transaction
    default void createWithNotes(UUID id, String name, String email, String image, String color, String provider,
                                 String oauthId) {
        if (insertUser(id, name, email, image, color, provider, oauthId) == 1) {
            UUID notes = UUID.randomUUID();
            // A direct conversation of the user with itself: the direct key "id:id" keeps it unique.
            insertNotes(notes, id + ":" + id, id);
            insertMember(notes, id);
        }
    }

    @SqlUpdate("INSERT INTO users (id, name, email, password_hash, image, color, provider, oauth_id) "
            + "VALUES (:id, :name, :email, NULL, :image, :color, :provider, :oauthId) ON CONFLICT DO NOTHING")
    int insertUser(@Bind("id") UUID id, @Bind("name") String name, @Bind("email") String email,
                   @Bind("image") String image, @Bind("color") String color, @Bind("provider") String provider,
                   @Bind("oauthId") String oauthId);

    @SqlUpdate("INSERT INTO conversations (id, is_group, direct_key, created_by) VALUES (:c, false, :key, :u)")
    void insertNotes(@Bind("c") UUID conversation, @Bind("key") String directKey, @Bind("u") UUID user);

    @SqlUpdate("INSERT INTO members (conversation_id, user_id, role) VALUES (:c, :u, 'member')")
    void insertMember(@Bind("c") UUID conversation, @Bind("u") UUID user);
}
