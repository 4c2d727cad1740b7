package io.drover.agent.vms;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who QEMU runs as under {@code qemu:///system}: the {@code user} and {@code group} of libvirt's
 * qemu.conf, else Debian's {@code libvirt-qemu}. libvirt gives the process the configured group
 * plus the user's own groups, so all of them count for reaching files.
 *
 * @param uid  {@link #UNKNOWN} when the user is not in the passwd file
 * @param gids the group ids the process has
 */
public record QemuUser(String name, int uid, Set<Integer> gids) {
    public static final int UNKNOWN = -1;
    static final String DEFAULT_USER = "libvirt-qemu";
    static final String DEFAULT_GROUP = "libvirt-qemu";

    /** Reads the QEMU user from these files (tests give their own). */
    public record Lookup(Path qemuConf, Path passwd, Path group) {
        public static Lookup system() {
            return new Lookup(Path.of("/etc/libvirt/qemu.conf"), Path.of("/etc/passwd"), Path.of("/etc/group"));
        }

        /**
         * QEMU's user for the libvirt at {@code libvirtUri}; empty when there is nothing to check:
         * a session or remote URI (QEMU runs as the agent's user, or elsewhere) or QEMU as root.
         */
        public Optional<QemuUser> forUri(String libvirtUri) {
            if (!isLocalSystem(libvirtUri)) return Optional.empty();
            List<String> conf = lines(qemuConf);
            String userSpec = setting(conf, "user").orElse(DEFAULT_USER);
            String groupSpec = setting(conf, "group").orElse(DEFAULT_GROUP);
            List<String[]> users = entries(passwd);
            List<String[]> groups = entries(group);

            String[] account = find(users, userSpec);
            int uid = account != null ? Integer.parseInt(account[2]) : numeric(userSpec).orElse(UNKNOWN);
            if (uid == 0) return Optional.empty();
            String name = account != null ? account[0] : userSpec;
            Set<Integer> gids = new HashSet<>();
            String[] configuredGroup = find(groups, groupSpec);
            if (configuredGroup != null) gids.add(Integer.parseInt(configuredGroup[2]));
            else numeric(groupSpec).ifPresent(gids::add);
            if (account != null) {
                gids.add(Integer.parseInt(account[3]));
                for (String[] g : groups) {
                    if (g.length > 3 && List.of(g[3].split(",")).contains(name)) gids.add(Integer.parseInt(g[2]));
                }
            }
            return Optional.of(new QemuUser(name, uid, Set.copyOf(gids)));
        }

        /** qemu.conf's {@code user = "x"} or {@code group = "x"}, the last one that is not commented out. */
        private static Optional<String> setting(List<String> conf, String key) {
            Pattern p = Pattern.compile("^\\s*" + key + "\\s*=\\s*\"([^\"]*)\"");
            String value = null;
            for (String line : conf) {
                Matcher m = p.matcher(line);
                if (m.find()) value = m.group(1);
            }
            return Optional.ofNullable(value).filter(v -> !v.isBlank());
        }

        /** A passwd or group entry by name, or by id for "+N" (libvirt's "an id, not a name") and for a number no name has. */
        private static String[] find(List<String[]> entries, String spec) {
            if (!spec.startsWith("+")) {
                for (String[] e : entries) if (e[0].equals(spec)) return e;
            }
            Optional<Integer> id = numeric(spec);
            if (id.isEmpty()) return null;
            for (String[] e : entries) if (e[2].equals(Integer.toString(id.get()))) return e;
            return null;
        }

        private static Optional<Integer> numeric(String spec) {
            String digits = spec.startsWith("+") ? spec.substring(1) : spec;
            if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 9) return Optional.empty();
            return Optional.of(Integer.parseInt(digits));
        }

        private static List<String[]> entries(Path file) {
            return lines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> l.split(":", -1))
                    .filter(e -> e.length >= 3 && numeric(e[2]).isPresent()).toList();
        }

        /** The file's lines; none when it cannot be read (qemu.conf is often root's only: then the defaults hold). */
        private static List<String> lines(Path file) {
            try {
                return Files.readAllLines(file);
            } catch (IOException | RuntimeException unreadable) {
                return List.of();
            }
        }

        private static boolean isLocalSystem(String libvirtUri) {
            try {
                URI uri = new URI(libvirtUri);
                boolean qemu = "qemu".equals(uri.getScheme()) || "qemu+unix".equals(uri.getScheme());
                return qemu && (uri.getHost() == null || uri.getHost().isEmpty()) && "/system".equals(uri.getPath());
            } catch (URISyntaxException e) {
                return false;
            }
        }
    }
}
