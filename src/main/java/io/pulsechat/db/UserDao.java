package io.pulsechat.db;

import io.pulsechat.core.Account;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(Account.class)
public interface UserDao {
    String COLUMNS = "id, name, email, password_hash, image, color, created_at";

    /** Empty when the email is taken (the unique index on lower(email) decides, not a prior lookup). */
    @SqlQuery("INSERT INTO users (id, name, email, password_hash, color) VALUES (:id, :name, :email, :passwordHash, :color) "
            + "ON CONFLICT DO NOTHING RETURNING " + COLUMNS)
    Optional<Account> insert(@Bind("id") UUID id, @Bind("name") String name, @Bind("email") String email,
                             @Bind("passwordHash") String passwordHash, @Bind("color") String color);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower(:email)")
    Optional<Account> findByEmail(@Bind("email") String email);

    @SqlQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
    Optional<Account> findById(@Bind("id") UUID id);

    @SqlQuery("UPDATE users SET name = coalesce(:name, name), image = coalesce(:image, image) WHERE id = :id "
            + "RETURNING " + COLUMNS)
    Optional<Account> update(@Bind("id") UUID id, @Bind("name") String name, @Bind("image") String image);
}
