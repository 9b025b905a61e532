package city.citywatch.api.app;

import city.citywatch.core.auth.PasswordHash;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code ./citywatch hash-password} / {@code hash-api-key}: what an operator puts into {@code auth.users[].passwordHash}
 * and {@code auth.apiKeys[].keyHash}, so the configuration never holds a secret in clear. The password is read
 * without echo (or from stdin when piped); a new API key is generated and printed once with its hash.
 */
public final class CredentialTool {
    private CredentialTool() {
    }

    public static void main(String[] args) throws IOException {
        String what = args.length == 0 ? "" : args[0];
        switch (what) {
            case "password" -> {
                String password = read("password: ");
                if (password == null || password.length() < 8) {
                    System.err.println("the password must have at least 8 characters");
                    System.exit(2);
                }
                System.out.println(PasswordHash.hash(password));
            }
            case "api-key" -> {
                String key = PasswordHash.newApiKey();
                System.out.println("key (give it to the service, it is not stored): " + key);
                System.out.println("keyHash (put it into auth.apiKeys[].keyHash): " + PasswordHash.apiKeyHash(key));
            }
            default -> {
                System.err.println("usage: CredentialTool password|api-key");
                System.exit(2);
            }
        }
    }

    private static String read(String prompt) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] p = console.readPassword(prompt);
            return p == null ? null : new String(p);
        }
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
