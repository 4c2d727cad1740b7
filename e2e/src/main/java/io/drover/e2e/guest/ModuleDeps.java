package io.drover.e2e.guest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A kernel's modules.dep: which module files a module needs, in the order to insmod them. */
final class ModuleDeps {
    private final Map<String, List<String>> depsByPath;
    private final Map<String, String> pathByName;

    private ModuleDeps(Map<String, List<String>> depsByPath) {
        this.depsByPath = depsByPath;
        this.pathByName = new HashMap<>();
        for (String path : depsByPath.keySet()) {
            pathByName.put(moduleName(path), path);
        }
    }

    static ModuleDeps read(Path modulesDir) {
        Map<String, List<String>> deps = new HashMap<>();
        try {
            for (String line : Files.readAllLines(modulesDir.resolve("modules.dep"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String rest = line.substring(colon + 1).strip();
                deps.put(line.substring(0, colon), rest.isEmpty() ? List.of() : List.of(rest.split("\\s+")));
            }
        } catch (IOException e) {
            throw new GuestUnavailable("cannot read " + modulesDir.resolve("modules.dep") + ": " + e.getMessage());
        }
        return new ModuleDeps(deps);
    }

    /**
     * Module file paths (relative to the modules directory) for {@code names} and everything they
     * depend on, dependencies first. A name missing from modules.dep is an error: the guest
     * would boot without its NIC and the failure would only show as a timeout.
     */
    List<String> loadOrder(List<String> names) {
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : names) {
            String path = pathByName.get(name.replace('-', '_'));
            if (path == null) {
                throw new GuestUnavailable("kernel module " + name + " is not in modules.dep");
            }
            visit(path, ordered, new LinkedHashSet<>());
        }
        return new ArrayList<>(ordered);
    }

    private void visit(String path, Set<String> ordered, Set<String> visiting) {
        if (ordered.contains(path) || !visiting.add(path)) {
            return;
        }
        for (String dep : depsByPath.getOrDefault(path, List.of())) {
            visit(dep, ordered, visiting);
        }
        ordered.add(path);
    }

    /** "kernel/drivers/net/virtio_net.ko.xz" is module "virtio_net". */
    static String moduleName(String path) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        int ko = file.indexOf(".ko");
        return (ko < 0 ? file : file.substring(0, ko)).replace('-', '_');
    }
}
