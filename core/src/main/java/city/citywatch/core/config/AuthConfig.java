package city.citywatch.core.config;

import city.citywatch.core.auth.UserRole;

import java.util.List;
import java.util.Set;

/**
 * Who may use the API ({@code auth.*}).
 *
 * @param jwtSecret       HMAC key of the bearer tokens (at least 32 characters); null = a random one per start, which
 *                        is fine for one node but logs everyone out at a restart and fails across several api nodes
 * @param tokenTtlMinutes lifetime of a bearer token
 * @param users           people who sign in with a password
 * @param apiKeys         service accounts ({@code X-Api-Key} header)
 */
public record AuthConfig(String jwtSecret, int tokenTtlMinutes, List<User> users, List<ApiKey> apiKeys) {
    public AuthConfig {
        users = List.copyOf(users);
        apiKeys = List.copyOf(apiKeys);
    }

    /** @param passwordHash see {@link city.citywatch.core.auth.PasswordHash} */
    public record User(String username, String displayName, String passwordHash, Set<UserRole> roles) {
        public User {
            roles = Set.copyOf(roles);
        }

        @Override
        public String toString() {
            return "User[" + username + ", roles=" + roles + "]";
        }
    }

    /** @param keyHash {@code sha256:<hex>} of the key */
    public record ApiKey(String name, String keyHash, Set<UserRole> roles) {
        public ApiKey {
            roles = Set.copyOf(roles);
        }

        @Override
        public String toString() {
            return "ApiKey[" + name + ", roles=" + roles + "]";
        }
    }

    public AuthConfig withUsers(List<User> u, List<ApiKey> k) {
        return new AuthConfig(jwtSecret, tokenTtlMinutes, u, k);
    }

    @Override
    public String toString() {
        return "AuthConfig[jwtSecret=" + (jwtSecret == null ? "generated" : "***") + ", tokenTtlMinutes=" + tokenTtlMinutes
                + ", users=" + users + ", apiKeys=" + apiKeys + "]";
    }
}
