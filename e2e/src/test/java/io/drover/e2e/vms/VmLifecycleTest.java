package io.drover.e2e.vms;

import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.e2e.guest.CloudImage;
import io.drover.server.DroverServer;
import io.drover.server.placement.PlacementSettings;
import io.drover.server.vms.VmSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM lifecycle end to end: a real server, a real agent on qemu:///system, TCG guests booted
 * from a qcow2 overlay of {@link CloudImage} with a NoCloud seed. The guest's user-data installs
 * the tracker from the server (10.0.2.2 is the host's loopback under user-mode networking), so
 * its IP arrives through the tracker (with a registration token of the VM's project), matched by
 * SMBIOS UUID.
 */
class VmLifecycleTest {
    static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDroverE2eKeyDroverE2eKeyDroverE2eKey00 e2e@drover";

    @TempDir
    Path tmp;
    DroverServer server;
    Fleet fleet;
    String trackerToken;

    @BeforeEach
    void start() throws Exception {
        fleet = new Fleet(tmp);
        // Memory may be overcommitted a thousandfold here so that one test can ask for a VM that QEMU cannot start.
        server = fleet.startServer(c -> c.withVms(VmSettings.defaults()
                .withPlacement(new PlacementSettings(PlacementSettings.Strategy.SPREAD, 4.0, 1000.0, 512, 1.0))));
        fleet.registerCloudImage();
        // A VM's address is taken only from a tracker reporting with a registration token of the VM's project.
        trackerToken = fleet.post("/api/v1/projects/default/registration-tokens", "{\"name\":\"guests\"}", 201).get("token").asText();
    }

    @AfterEach
    void stop() throws Exception {
        fleet.close();
    }

    String userData() {
        return "#!/bin/sh\necho \"user-data says: it's <me> & \\\"$(hostname)\\\"\"\n"
                + "wget -qO- 'http://10.0.2.2:" + server.httpPort() + "/install.sh?token=" + trackerToken + "' | sh -s -- --interval 2\n";
    }

    JsonNode create(String name, long memoryMib) throws Exception {
        String body = Fleet.JSON.createObjectNode().put("name", name).put("cpus", 1).put("memory_mib", memoryMib)
                .put("disk_gib", 1).put("image", "cloud").put("user_data", userData())
                .set("ssh_keys", Fleet.JSON.createArrayNode().add(KEY)).toString();
        JsonNode accepted = fleet.createVm(body);
        return accepted;
    }

    @Test
    void createRunsWithItsIpThenStopResizeStartSuspendResumeRebootAndDeleteLeaveNothingBehind() throws Exception {
        Path agentData = tmp.resolve("agent-a");
        String hostId = fleet.startAgent("host-a", agentData, tmp.resolve("agent-a.log"));
        JsonNode host = fleet.get("/api/v1/hosts/" + hostId);
        assertThat(host.get("capacity").get("cpus").asInt()).isPositive();
        assertThat(host.get("facts").get("accel").asText()).isEqualTo("tcg");
        assertThat(host.get("facts").get("accel_reason").asText()).isEqualTo("--accel tcg");
        // An operator's accelerator reaches the agent at once and comes back in its facts; null gives the choice back to --accel.
        assertThat(fleet.send("PATCH", "/api/v1/hosts/" + hostId, "{\"accel\":\"kvm\"}", true).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.get("/api/v1/hosts/" + hostId).get("facts").get("accel_reason").asText()
                .equals("set on the server: kvm"));
        assertThat(fleet.get("/api/v1/hosts/" + hostId).get("facts").get("accel").asText()).isEqualTo("kvm");
        assertThat(fleet.send("PATCH", "/api/v1/hosts/" + hostId, "{\"accel\":null}", true).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> fleet.get("/api/v1/hosts/" + hostId).get("facts").get("accel").asText().equals("tcg"));

        JsonNode accepted = create("test-1", 256);
        String id = accepted.get("vm").get("id").asText();
        JsonNode task = fleet.awaitSucceeded(accepted, Duration.ofSeconds(120));
        assertThat(task.get("steps")).extracting(s -> s.get("status").asText()).containsOnly("done");
        assertThat(task.get("placement").get("host_id").asText()).isEqualTo(hostId);
        fleet.awaitVmStatus(id, "running", Duration.ofSeconds(10));

        // The domain is Drover's: same UUID, our seed on vdb, VNC on a socket only (no address).
        String xml = Fleet.virsh("dumpxml", id);
        assertThat(xml).contains("<uuid>" + id + "</uuid>", "<name>test-1</name>", "vms/" + id + "/seed.iso", "vnc.sock");
        assertThat(xml).doesNotContain("listen='0.0.0.0'");
        assertThat(xml).doesNotContain("type='bridge'", "type='network'");
        JsonNode hostNow = fleet.get("/api/v1/hosts/" + hostId);
        assertThat(hostNow.get("allocated").get("memory_mib").asLong()).isEqualTo(256);
        assertThat(hostNow.get("vm_count").asInt()).isEqualTo(1);

        // The guest read its seed and ran its user-data; its tracker reports the IP.
        Path console = agentData.resolve("vms").resolve(id).resolve("console.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(console) && Files.readString(console).contains("user-data ran"));
        String log = Files.readString(console);
        assertThat(log).contains("hostname=test-1", "keys=1", "user-data says: it's <me> & \"test-1\"");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> fleet.get("/api/v1/vms/" + id).path("ip").asText("").equals("10.0.2.15"));
        JsonNode vm = fleet.get("/api/v1/vms/test-1");
        assertThat(vm.get("ips").get(0).get("source").asText()).isEqualTo("tracker");
        assertThat(vm.get("host").asText()).isEqualTo("host-a");
        JsonNode seedList = fleet.get("/api/v1/vm");
        assertThat(seedList.get(0).get("IP").asText()).isEqualTo("10.0.2.15");

        // Stop is an ACPI shutdown (the guest powers off on the power button), then start, then reboot.
        fleet.awaitSucceeded(fleet.post("/api/v1/vms/" + id + "/stop", "{\"timeout_seconds\":30}", 202), Duration.ofSeconds(60));
        assertThat(fleet.get("/api/v1/vms/" + id).get("status").asText()).isEqualTo("stopped");
        assertThat(Fleet.virsh("domstate", id)).contains("shut off");
        // Resized while stopped: the domain gets the new size, the host's allocation follows.
        fleet.awaitSucceeded(fleet.post("/api/v1/vms/" + id + "/resize", "{\"cpus\":2,\"memory_mib\":320}", 202), Duration.ofSeconds(30));
        assertThat(Fleet.virsh("dominfo", id)).containsPattern("CPU\\(s\\):\\s+2").containsPattern("Max memory:\\s+327680 KiB");
        assertThat(fleet.get("/api/v1/hosts/" + hostId).get("allocated").get("memory_mib").asLong()).isEqualTo(320);
        assertThat(fleet.send("POST", "/api/v1/vms/" + id + "/resize", "{\"cpus\":1000}", true).statusCode()).isEqualTo(400);
        fleet.awaitSucceeded(fleet.post("/api/v1/vms/" + id + "/start", null, 202), Duration.ofSeconds(60));
        fleet.awaitVmStatus(id, "running", Duration.ofSeconds(5));
        assertThat(fleet.send("POST", "/api/v1/vms/" + id + "/resize", "{\"cpus\":1}", true).statusCode())
                .as("resized only while stopped").isEqualTo(409);
        fleet.awaitSucceeded(fleet.post("/api/v1/vms/" + id + "/suspend", null, 202), Duration.ofSeconds(30));
        fleet.awaitVmStatus(id, "paused", Duration.ofSeconds(5));
        fleet.awaitSucceeded(fleet.post("/api/v1/vms/" + id + "/resume", null, 202), Duration.ofSeconds(30));
        fleet.awaitVmStatus(id, "running", Duration.ofSeconds(5));
        fleet.awaitSucceeded(fleet.post("/api/v1/vms/" + id + "/reboot", "{\"timeout_seconds\":30}", 202), Duration.ofSeconds(90));
        fleet.awaitVmStatus(id, "running", Duration.ofSeconds(5));

        // Behind Drover's back: the change shows within 2 seconds.
        assertThat(Fleet.virsh("destroy", id)).doesNotStartWith("ERROR");
        long destroyed = System.nanoTime();
        fleet.awaitVmStatus(id, "stopped", Duration.ofSeconds(2));
        assertThat(Duration.ofNanos(System.nanoTime() - destroyed)).isLessThan(Duration.ofSeconds(2));

        // Delete: domain, disk and seed gone from the host, the allocation gone from the server.
        fleet.awaitSucceeded(fleet.delete("/api/v1/vms/" + id, 202), Duration.ofSeconds(60));
        assertThat(fleet.send("GET", "/api/v1/vms/" + id, null, true).statusCode()).isEqualTo(404);
        assertThat(Fleet.virsh("dominfo", id)).startsWith("ERROR");
        assertThat(agentData.resolve("vms").resolve(id)).doesNotExist();
        assertThat(fleet.get("/api/v1/hosts/" + hostId).get("allocated").get("memory_mib").asLong()).isZero();
    }

    @Test
    void aCreateThatFailsAtItsLastStepRollsBackFully() throws Exception {
        Path agentData = tmp.resolve("agent-b");
        String hostId = fleet.startAgent("host-b", agentData, tmp.resolve("agent-b.log"));
        // 8 TiB: placement lets it through (memory overcommit 1000 in this test), QEMU cannot start it.
        JsonNode accepted = create("too-big", 8L << 20);
        String id = accepted.get("vm").get("id").asText();
        JsonNode task = fleet.awaitTask(accepted.get("task").get("id").asText(), Duration.ofSeconds(120));
        assertThat(task.get("status").asText()).as(task.toString()).isEqualTo("failed");
        assertThat(task.get("steps")).extracting(s -> s.get("name").asText() + "=" + s.get("status").asText())
                .containsExactly("place=compensated", "fetch_image=compensated", "create_disk=compensated",
                        "seed_iso=compensated", "define=compensated", "start=compensated");
        JsonNode vm = fleet.get("/api/v1/vms/" + id);
        assertThat(vm.get("status").asText()).isEqualTo("error");
        assertThat(vm.has("host_id")).isFalse();
        assertThat(Fleet.virsh("dominfo", id)).startsWith("ERROR");
        assertThat(agentData.resolve("vms").resolve(id)).doesNotExist();
        assertThat(fleet.get("/api/v1/hosts/" + hostId).get("allocated").get("memory_mib").asLong()).isZero();
    }

    @Test
    void anIsoImageBootsFromItsCdromNextToABlankDisk() throws Exception {
        Path agentData = tmp.resolve("agent-c");
        fleet.startAgent("host-c", agentData, tmp.resolve("agent-c.log"));
        // The cloud image's bytes are a hybrid ISO: as a raw file the server detects ISO 9660.
        Path iso = tmp.resolve("cloud.iso");
        Process convert = new ProcessBuilder("qemu-img", "convert", "-f", "qcow2", "-O", "raw",
                CloudImage.forHost().build().toString(), iso.toString()).redirectErrorStream(true).start();
        assertThat(convert.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(convert.exitValue()).isZero();
        Files.setPosixFilePermissions(iso, PosixFilePermissions.fromString("rw-r--r--"));
        JsonNode image = fleet.upload("cloud-iso", iso);
        assertThat(image.get("format").asText()).isEqualTo("iso");

        JsonNode accepted = fleet.createVm("{\"name\":\"from-iso\",\"cpus\":1,\"memory_mib\":192,\"disk_gib\":1,\"image\":\"cloud-iso\"}");
        String id = accepted.get("vm").get("id").asText();
        fleet.awaitSucceeded(accepted, Duration.ofSeconds(120));
        fleet.awaitVmStatus(id, "running", Duration.ofSeconds(10));
        String xml = Fleet.virsh("dumpxml", id);
        assertThat(xml).contains("device='cdrom'", "bus='sata'", "vms/" + id + "/disk.qcow2");
        assertThat(fleet.get("/api/v1/vms/" + id).get("disks")).extracting(d -> d.get("kind").asText())
                .containsExactly("blank", "seed", "cdrom");
        // SeaBIOS finds nothing on the blank disk and boots the ISO; the guest then reads its seed.
        Path console = agentData.resolve("vms").resolve(id).resolve("console.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(console) && Files.readString(console).contains("hostname=from-iso"));
        fleet.awaitSucceeded(fleet.delete("/api/v1/vms/" + id, 202), Duration.ofSeconds(60));
        assertThat(agentData.resolve("vms").resolve(id)).doesNotExist();
    }
}
