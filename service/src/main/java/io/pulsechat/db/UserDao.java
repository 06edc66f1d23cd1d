package io.pulsechat.db;

import io.pulsechat.core.Account;
import io.pulsechat.core.PageCursor;
import io.pulsechat.core.Profile;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

@RegisterConstructorMapper(Account.class)
@RegisterConstructorMapper(Profile.class)
public interface UserDao {
    String COLUMNS = "id, name, email, password_hash, image, color, created_at";
    /** A name containing the query, or exactly the email. */
    String SEARCH = "SELECT id, name, image, color FROM users WHERE id <> :me "
            + "AND (lower(name) LIKE lower(:pattern) ESCAPE '\\' OR lower(email) = lower(:query)) ";
    String ORDER = " ORDER BY lower(name), id LIMIT :limit";

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

    /** People by name or email, by name then id, after the cursor's position when there is one. */
    default List<Profile> search(UUID me, String query, PageCursor after, int limit) {
        // The query is text to find, not a pattern: LIKE's own characters in it are matched literally.
        String pattern = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        return after == null ? search(me, query, pattern, limit)
                : searchAfter(me, query, pattern, after.key(), after.id(), limit);
    }

    @SqlQuery(SEARCH + ORDER)
    List<Profile> search(@Bind("me") UUID me, @Bind("query") String query, @Bind("pattern") String pattern,
                         @Bind("limit") int limit);

    @SqlQuery(SEARCH + "AND (lower(name), id) > (lower(:afterName), :afterId)" + ORDER)
    List<Profile> searchAfter(@Bind("me") UUID me, @Bind("query") String query, @Bind("pattern") String pattern,
                              @Bind("afterName") String afterName, @Bind("afterId") UUID afterId, @Bind("limit") int limit);

    @SqlQuery("SELECT id, name, image, color FROM users WHERE id = :id")
    Optional<Profile> findProfile(@Bind("id") UUID id);
}
