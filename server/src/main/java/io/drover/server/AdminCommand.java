package io.drover.server;

import io.drover.server.identity.Identity;
import io.drover.server.identity.IdentitySettings;
import io.drover.server.store.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drover-server admin …}: users managed offline, on the store directly. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = {"Manages users offline, on the store directly (for the first admin, a lost password, automation).",
                "Stop the server first when it uses the embedded database."},
        subcommands = {AdminCommand.AdminCreate.class, AdminCommand.AdminResetPassword.class, AdminCommand.AdminToken.class})
final class AdminCommand {
    /** Options every admin subcommand shares: the store and the user. */
    static class AdminOptions {
        @Mixin
        StoreOptions store = new StoreOptions();

        @Option(names = "--username", required = true, paramLabel = "NAME", description = "The user.")
        String username;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        void print(String line) {
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
        }

        /** The first line of standard input when {@code fromStdin}, else null (a password is then generated). */
        static String password(boolean fromStdin) throws IOException {
            if (!fromStdin) return null;
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) throw new CommandLine.ParameterException(new CommandLine(new Main()), "no password on standard input");
            return line;
        }
    }

    /** What {@code admin create} and {@code admin reset-password} share: a password given on stdin, or one generated and printed. */
    abstract static class AdminPasswordCommand extends AdminOptions implements Callable<Integer> {
        @Option(names = "--password-stdin", description = "Read the password (12+ characters) from standard input.")
        boolean passwordStdin;

        int setPassword(boolean createAdmin, String done) throws IOException {
            String given = password(passwordStdin);
            String generated;
            try (Database db = store.open()) {
                generated = Identity.users(db.jdbi(), Clock.systemUTC(),
                        IdentitySettings.defaults()).setPassword(username, given, createAdmin);
            }
            print(generated != null ? generated : done);
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a local admin user, or sets the password of an existing one; prints a generated password unless --password-stdin.")
    static final class AdminCreate extends AdminPasswordCommand {
        @Override
        public Integer call() throws IOException {
            return setPassword(true, "admin user " + username + " ready");
        }
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = "Sets a local user's password and ends their sessions; prints a generated one unless --password-stdin.")
    static final class AdminResetPassword extends AdminPasswordCommand {
        @Override
        public Integer call() throws IOException {
            return setPassword(false, "password of " + username + " set");
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Makes an API token for a user and prints it (for scripts that start from nothing).")
    static final class AdminToken extends AdminOptions implements Callable<Integer> {
        @Option(names = "--name", defaultValue = "cli", paramLabel = "NAME", description = "The token's name (default ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--ttl", defaultValue = "90d", paramLabel = "DURATION", converter = Main.DurationConverter.class,
                description = "How long it is good for: 30m, 12h, 90d (default ${DEFAULT-VALUE}).")
        Duration ttl;

        @Option(names = "--read-only", description = "The token may only read.")
        boolean readOnly;

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                print(Identity.mintToken(db.jdbi(), Clock.systemUTC(), username, name, ttl, readOnly));
            }
            return 0;
        }
    }
}
