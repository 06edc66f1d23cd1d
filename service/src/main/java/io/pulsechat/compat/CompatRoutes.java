package io.pulsechat.compat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import io.pulsechat.auth.JwtService;
import io.pulsechat.compat.login.PasswordlessLogin;
import io.pulsechat.compat.login.PasswordlessLoginFilter;
import io.pulsechat.server.TrustedNetworks;
import io.pulsechat.compat.rest.CompatChatResource;
import io.pulsechat.db.CompatDao;
import io.pulsechat.compat.rest.CompatPeopleResource;
import io.pulsechat.compat.rest.CompatUserSearchResource;
import io.pulsechat.core.FriendNews;
import io.pulsechat.core.Memberships;
import io.pulsechat.db.ConversationStore;
import io.pulsechat.core.ConversationUpdates;
import io.pulsechat.db.FriendDao;
import io.pulsechat.db.FriendStore;
import io.pulsechat.db.PasswordlessAccountDao;
import io.pulsechat.core.MessageEditor;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.jdbi.v3.core.Jdbi;

/** The frontend's REST routes and its passwordless login, as thin adapters over our tables and rules. */
public final class CompatRoutes {
    private CompatRoutes() {}

    /** What the routes tell others through: the contract's own news of deletions, friendships and conversations. */
    public record News(MessageEditor editor, FriendNews friends, ConversationUpdates conversations) {}

    public static void register(Environment env, Jdbi jdbi, ObjectMapper json, JwtService jwt, Memberships memberships,
                                FrontendMessages view, CompatSettings settings, News news) {
        var login = new PasswordlessLogin(jdbi.onDemand(PasswordlessAccountDao.class), jwt, json, new TrustedNetworks(settings.getTrustedLoginNetworks()),
                settings.getLoginSecret(), settings.getTokenTtl());
        env.servlets().addFilter("compat-login", new PasswordlessLoginFilter(login, json))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/auth/login");
        CompatDao dao = jdbi.onDemand(CompatDao.class);
        env.jersey().register(new CompatChatResource(dao, memberships, view, news.editor(), json));
        env.jersey().register(new CompatPeopleResource(dao, new FriendStore(jdbi.onDemand(FriendDao.class)),
                new ConversationStore(jdbi), news.friends(), news.conversations(), json));
        env.jersey().register(new CompatUserSearchResource(jdbi, json));
    }
}
