package city.citywatch.api.http.auth;

import city.citywatch.core.auth.UserRole;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who makes a request: a signed-in user or a service account. Handlers read it with {@link #of} to record who
 * acted (workflow history, audit log) and to filter what a role may see.
 */
public record Principal(String username, String displayName, Set<UserRole> roles, boolean serviceAccount) {
    private static final String KEY = "citywatch.principal";

    public Principal {
        roles = Set.copyOf(roles);
    }

    public boolean hasAny(Collection<UserRole> allowed) {
        for (UserRole r : allowed) if (roles.contains(r)) return true;
        return false;
    }

    public boolean has(UserRole role) {
        return roles.contains(role);
    }

    public JsonObject toJson() {
        JsonArray r = new JsonArray();
        new TreeSet<>(roles).forEach(x -> r.add(x.wireName()));
        return new JsonObject().put("username", username).put("displayName", displayName).put("roles", r);
    }

    void attach(RoutingContext rc) {
        rc.put(KEY, this);
    }

    /** The principal the access handler attached; fails loudly on an operation that has none (a public one). */
    public static Principal of(RoutingContext rc) {
        Principal p = rc.get(KEY);
        if (p == null) throw new IllegalStateException("no principal on " + rc.request().path() + ": the operation is public");
        return p;
    }
}
